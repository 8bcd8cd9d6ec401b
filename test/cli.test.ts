/**
 * The command line as users meet it: exit statuses (0 clean, 1 hazards or unreadable files, 2 usage
 * errors), one-line errors for bad input, SARIF valid against the 2.1.0 schema, JSON with a summary,
 * `--stats`, and the summary that answers "how much of this is automatic?".
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import Ajv from 'ajv-draft-04';
import { EXTENSIONS, ROOT } from './helpers/modules';

const BIN = path.join(ROOT, 'bin', 'pyext-isolate.js');

function run(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'latin1', timeout: 120000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run `npm run build` first (npm test does)');
});

describe('pyext-isolate check', () => {
  test('hazards: text grouped by file, file:line:col, a summary, exit 1', () => {
    const r = run(['check', path.join(EXTENSIONS, 'spamlib'), '--no-cache', '--color=false']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/spamlib\.c:\d+:\d+: error static-type-to-heap\/static-type \[auto\]: /);
    expect(r.stdout).toMatch(/\d+ isolation hazards? in 1 file: \d+ automatic \(\d+%\), \d+ need a human\./);
    expect(r.stdout).toMatch(/By rule:[\s\S]*By file:/);
  });

  test('an isolated module: no hazards, exit 0', () => {
    const r = run(['check', path.join(EXTENSIONS, 'isoclean'), '--no-cache']);
    expect(r.stdout).toMatch(/No isolation hazards found/);
    expect(r.code).toBe(0);
  });

  test('SARIF output is valid against the SARIF 2.1.0 schema', () => {
    const r = run(['check', EXTENSIONS, '--format', 'sarif', '--no-cache']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    // The official 2.1.0 schema (draft-04) as shipped in @microsoft/jest-sarif.
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, logger: false }).compile(schema);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(20);
    expect(log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toContain('static-type-to-heap/static-type');
  });

  test('JSON output carries findings, problems and the summary', () => {
    const r = run(['check', path.join(EXTENSIONS, 'shapes'), '--format', 'json', '--no-cache']);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.total).toBe(doc.summary.automatic + doc.summary.manual);
    expect(doc.findings.every((f: { rule: string; line: number }) => /^[a-z-]+\/[a-z0-9-]+$/.test(f.rule) && f.line > 0)).toBe(true);
  });

  test('--stats shows the ERROR share before and after the macro layer', () => {
    const r = run(['check', path.join(EXTENSIONS, 'shapes'), '--stats', '--no-cache']);
    expect(r.stdout).toMatch(/Parse damage \(bytes inside ERROR nodes\)/);
    expect(r.stdout).toMatch(/shapes\.c\s+\d+\s+[\d.]+%\s+[\d.]+%/);
  });

  test('a missing path is a one-line usage error, exit 2', () => {
    const r = run(['check', '/nonexistent/nowhere']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no such file or directory: \/nonexistent\/nowhere/);
  });

  test('an unknown option or transform is a usage error, exit 2', () => {
    expect(run(['check', EXTENSIONS, '--frobnicate']).code).toBe(2);
    const r = run(['diff', EXTENSIONS, '--select', 'no-such-transform']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown transform 'no-such-transform'/);
  });

  test('--min-python below 3.9 is refused with the reason', () => {
    const r = run(['check', path.join(EXTENSIONS, 'spamlib'), '--min-python', '3.8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/below 3\.9/);
  });

  test('empty, binary and unreadable files: reported in one line each, the batch goes on, exit 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'empty.c'), '');
      fs.writeFileSync(path.join(dir, 'blob.c'), Buffer.from([1, 2, 0, 3, 0, 0, 7]));
      fs.writeFileSync(path.join(dir, 'secret.c'), 'int x;\n');
      fs.chmodSync(path.join(dir, 'secret.c'), 0o000);
      fs.copyFileSync(path.join(EXTENSIONS, 'spamlib', 'spamlib.c'), path.join(dir, 'spamlib.c'));
      const r = run(['check', dir, '--no-cache']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/blob\.c: warning: binary file \(NUL bytes\): skipped/);
      if (process.getuid?.() !== 0) expect(r.stdout).toMatch(/secret\.c: warning: unreadable/);
      expect(r.stdout).not.toMatch(/empty\.c:\d/);
      expect(r.stdout).toMatch(/spamlib\.c:\d+:\d+: error/);
    } finally {
      fs.chmodSync(path.join(dir, 'secret.c'), 0o644);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--explain prints a transform README', () => {
    const r = run(['check', '--explain', 'multi-phase-init']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/## Refuses when/);
  });
});

describe('pyext-isolate diff / apply', () => {
  test('diff writes nothing; apply writes once; a second apply has nothing to do', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-cli-'));
    try {
      fs.cpSync(path.join(EXTENSIONS, 'spamlib'), dir, { recursive: true });
      const before = fs.readFileSync(path.join(dir, 'spamlib.c'));
      const d = run(['diff', dir, '-q']);
      expect(d.code).toBe(0);
      expect(d.stdout).toMatch(/^diff --git /m);
      expect(d.stdout).toMatch(/^\+\+\+ b\/.*pyext_isolate_compat\.h$/m);
      expect(fs.readFileSync(path.join(dir, 'spamlib.c')).equals(before)).toBe(true);
      const a = run(['apply', dir]);
      expect(a.code).toBe(0);
      expect(a.stderr).toMatch(/Wrote 2 file\(s\)/);
      expect(fs.readFileSync(path.join(dir, 'spamlib.c')).equals(before)).toBe(false);
      const again = run(['apply', dir]);
      expect(again.stderr).toMatch(/Nothing to do/);
      expect(run(['diff', dir, '-q']).stdout).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the README demo command shows a diff and the findings left for a human', () => {
    const r = spawnSync('npm', ['run', '--silent', 'demo'], { cwd: ROOT, encoding: 'utf8', timeout: 180000, env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^diff --git a\/testdata\/extensions\/spamlib\/spamlib\.c/m);
    expect(r.stderr).toMatch(/isolation hazards?|No isolation hazards/);
  });
});
