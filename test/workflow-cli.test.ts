/**
 * The command line in the places maintainers put linters (CI, pre-commit): rule-level --select and
 * --ignore in check (prefixes, as ruff), exit statuses CI can rely on (diff --exit-code, a PATH
 * with no C file, a mistyped command, a bad --jobs), each a one-line message.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { check } from '../src/api';
import { EXTENSIONS, ROOT } from './helpers/modules';

const BIN = path.join(ROOT, 'bin', 'pyext-isolate.js');

function run(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'latin1', timeout: 120000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const SHAPES = path.join(EXTENSIONS, 'shapes');

describe('check --select / --ignore (rules)', () => {
  const all = check([SHAPES]).findings;
  const rules = [...new Set(all.map((f) => f.rule))];

  test('the fixture has findings of several transforms', () => {
    expect(new Set(rules.map((r) => r.split('/')[0])).size).toBeGreaterThan(1);
  });

  test('a transform id selects exactly its rules (prefix match)', () => {
    const r = run(['check', SHAPES, '--no-cache', '--format', 'json', '--select', 'static-type-to-heap']);
    const got = JSON.parse(r.stdout).findings as { rule: string }[];
    expect(got.length).toBe(all.filter((f) => f.rule.startsWith('static-type-to-heap')).length);
    expect(got.every((f) => f.rule.startsWith('static-type-to-heap/'))).toBe(true);
  });

  test('a rule id and a partial prefix select; --ignore removes; the API does the same', () => {
    const rule = all.find((f) => f.rule.startsWith('static-type-to-heap/'))!.rule;
    const prefix = rule.slice(0, rule.length - 3);
    const viaApi = check([SHAPES], { rules: { select: [prefix] } }).findings;
    expect(viaApi.length).toBeGreaterThan(0);
    expect(viaApi.every((f) => f.rule.startsWith(prefix))).toBe(true);
    const ignored = check([SHAPES], { rules: { ignore: ['static-type-to-heap'] } }).findings;
    expect(ignored.length).toBe(all.filter((f) => !f.rule.startsWith('static-type-to-heap')).length);
    const r = run(['check', SHAPES, '--no-cache', '--format', 'json', '--select', 'static-type-to-heap,multi-phase-init', '--ignore', rule]);
    const got = JSON.parse(r.stdout).findings as { rule: string }[];
    expect(got.some((f) => f.rule === rule)).toBe(false);
    expect(got.some((f) => f.rule.startsWith('multi-phase-init/'))).toBe(true);
  });

  test('exit status follows the selection: no selected hazard is exit 0', () => {
    const r = run(['check', SHAPES, '--no-cache', '--select', 'checks/free-threading']);
    expect(r.stdout).toMatch(/No isolation hazards found/);
    expect(r.code).toBe(0);
  });

  test('a selector that matches no rule is a usage error with a suggestion', () => {
    const r = run(['check', SHAPES, '--select', 'static-typ-to-heap']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--select static-typ-to-heap: no rule id or transform id starts with it \(did you mean 'static-type-to-heap'\?\)/);
    expect(run(['check', SHAPES, '--ignore', 'nope/x']).code).toBe(2);
  });
});

describe('exit statuses for CI', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-ci-'));
    fs.cpSync(path.join(EXTENSIONS, 'spamlib'), path.join(dir, 'spamlib'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs', 'index.md'), '# docs\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('diff --exit-code: 1 with changes, 0 without; plain diff stays 0', () => {
    fs.cpSync(path.join(dir, 'spamlib'), path.join(dir, 'applied'), { recursive: true });
    expect(run(['diff', 'applied', '-q'], dir).code).toBe(0);
    const r = run(['diff', 'applied', '-q', '--exit-code'], dir);
    expect(r.stdout).toMatch(/^diff --git /m);
    expect(r.code).toBe(1);
    expect(run(['apply', 'applied', '-q'], dir).code).toBe(0);
    const after = run(['diff', 'applied', '-q', '--exit-code'], dir);
    expect(after.stdout).toBe('');
    expect(after.code).toBe(0);
  });

  test('a directory or glob with no C source is a usage error (2), not a clean run', () => {
    for (const arg of ['docs', 'spamlib/*.cpp', 'nowhere/**/*.c']) {
      const r = run(['check', arg, '--no-cache'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`no C source file \\([^)]*\\.c, [^)]*\\) matches '${arg.replace(/[.*]/g, '\\$&')}'`));
    }
    // Everything excluded is the same mistake.
    expect(run(['check', 'spamlib', '--exclude', 'spamlib', '--no-cache'], dir).code).toBe(2);
    expect(run(['check', 'spamlib', '--exclude', '*.[ch]', '--no-cache'], dir).code).toBe(2);
  });

  test('a quoted glob PATH is expanded (the shell did not), matching C files only', () => {
    const r = run(['check', 'spam*/*.c', '--no-cache', '--format', 'json'], dir);
    const doc = JSON.parse(r.stdout);
    expect(doc.files).toBe(1);
    expect(r.code).toBe(1);
  });

  test('a mistyped command gets a "did you mean", exit 2', () => {
    const r = run(['chekc', 'spamlib'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("pyext-isolate: unknown command 'chekc': did you mean 'check'? (a PATH of that name does not exist either)\n");
  });

  test('--jobs must be a whole number from 1', () => {
    for (const bad of ['0', '-2', '1.5', 'many']) {
      const r = run(['check', 'spamlib', '--jobs', bad, '--no-cache'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--jobs must be a whole number of worker threads (1 or more), not '${bad}'`);
    }
    expect(run(['check', 'spamlib', '-j', '1', '--no-cache'], dir).code).toBe(1);
  });
});

test("the README's verify example uses only what verify --help documents", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const examples = readme.split('\n').filter((l) => /^npx pyext-isolate verify /.test(l));
  expect(examples.length).toBeGreaterThan(0);
  const help = run(['verify', '--help']).stdout;
  expect(help).toMatch(/verify <paths\.\.>/);
  for (const line of examples) {
    const words = line.replace(/#.*$/, '').trim().split(/\s+/).slice(3);
    for (const w of words.filter((x) => x.startsWith('--'))) expect(help).toContain(w);
    // The PATH is sources (a directory of .c files), as the help says, not a build directory.
    expect(words[0]).not.toMatch(/build/);
    expect(help).toMatch(/C files, or a directory/);
  }
});

test('the run summary counts generated files apart from the files that were seen', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-summary-'));
  try {
    fs.cpSync(path.join(EXTENSIONS, 'spamlib'), dir, { recursive: true });
    const r = run(['diff', '.'], dir);
    expect(r.stderr).toMatch(/^1 file\(s\) seen in 1 group\(s\), 1 would change \(plus 1 generated file\(s\)\), 0 refused;/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
