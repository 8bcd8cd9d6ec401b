/**
 * The differential warnings check of verify and the baseline it compares with: a rewritten module
 * fails only on warnings its original did not show; the original comes from git or a directory.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diffWarnings, formatVerifyReport, newWarnings, parseWarnings, prepareBaseline, verify, BaselineError } from '../src/verify';
import type { Interpreter } from '../src/verify';
import { interpretersFor } from './helpers/verify-helper';

const FIXTURE = path.join(__dirname, '..', 'testdata', 'verify', 'cost');

let newest: Interpreter | undefined;
beforeAll(async () => {
  const r = await interpretersFor(['3.9', '3.13']);
  newest = r.interpreters[r.interpreters.length - 1];
});

function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-warn-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'latin1');
  if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
  fs.writeFileSync(file, text.replace(from, to), 'latin1');
}

describe('matching warnings', () => {
  const gcc = (dir: string): string =>
    [
      `${dir}/m.c: In function ‘f’:`,
      `${dir}/m.c:10:9: warning: unused variable ‘i’ [-Wunused-variable]`,
      `   10 |     int i;`,
      `${dir}/m.c: At top level:`,
      `${dir}/m.c:40:1: warning: missing initializer for field ‘tp_doc’ of ‘PyTypeObject’ [-Wmissing-field-initializers]`,
      `${dir}/m.c:41:1: note: ‘tp_doc’ declared here`,
    ].join('\n');

  test('parsed with function context and option; line numbers do not matter, counts and files do', () => {
    const before = parseWarnings(gcc('/a'));
    expect(before.error).toBeUndefined();
    expect(before.warnings).toEqual([
      { file: '/a/m.c', line: 10, col: 9, function: 'f', option: '-Wunused-variable', message: 'unused variable ‘i’' },
      { file: '/a/m.c', line: 40, col: 1, option: '-Wmissing-field-initializers', message: 'missing initializer for field ‘tp_doc’ of ‘PyTypeObject’' },
    ]);
    // the same warnings 3 lines further down, in another tree, the initializer now missing a later field
    const moved = parseWarnings(gcc('/b').replace(/:10:9:/, ':13:9:').replace(/:40:1:/, ':43:1:').replace(/field ‘tp_doc’/, 'field ‘tp_new’'));
    expect(newWarnings(before.warnings, '/a', moved.warnings, '/b')).toEqual([]);
    // a second unused variable in the same file is new, and so is anything in a file the original lacks
    const more = parseWarnings(
      gcc('/b') + `\n/b/m.c:20:9: warning: unused variable ‘i’ [-Wunused-variable]\n/b/gen.h:3:1: warning: ISO C90 forbids mixed declarations and code [-Wdeclaration-after-statement]`,
    );
    expect(newWarnings(before.warnings, '/a', more.warnings, '/b').map((w) => `${path.basename(w.file)}:${w.line}`)).toEqual(['gen.h:3', 'm.c:20']);
    expect(parseWarnings('/a/m.c:3:1: error: expected ‘;’').error).toBe('/a/m.c:3:1: error: expected ‘;’');
    // the same from the two compilers' outputs (what a caller that runs the compiler itself uses)
    expect(diffWarnings(gcc('/a'), '/a', gcc('/b') + '\n/b/m.c:20:9: warning: unused variable ‘i’ [-Wunused-variable]', '/b').map((w) => w.line)).toEqual([20]);
  });
});

describe('baseline', () => {
  test('from git: the committed files, extracted aside; the work tree and index untouched', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-bl-'));
    const git = (...a: string[]): string => {
      const r = spawnSync('git', a, { cwd: repo, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      return r.stdout;
    };
    try {
      fs.mkdirSync(path.join(repo, 'ext'));
      fs.copyFileSync(path.join(FIXTURE, 'vcost.c'), path.join(repo, 'ext', 'vcost.c'));
      git('init', '-q');
      git('add', '-A');
      git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'original');
      let b = prepareBaseline({ paths: [path.join(repo, 'ext')] });
      expect(b.kind).toBe('git');
      expect(b.identical).toBe(true);
      b.cleanup();
      edit(path.join(repo, 'ext', 'vcost.c'), 'long a, b;', 'long a, b;\n    int unused;');
      fs.writeFileSync(path.join(repo, 'ext', 'new.h'), '/* generated */\n');
      const status = git('status', '--porcelain');
      b = prepareBaseline({ paths: [path.join(repo, 'ext', 'vcost.c')] });
      try {
        expect(b.identical).toBe(false);
        expect(fs.readFileSync(path.join(b.dir, 'vcost.c'), 'latin1')).toBe(fs.readFileSync(path.join(FIXTURE, 'vcost.c'), 'latin1'));
        expect(fs.existsSync(path.join(b.dir, 'new.h'))).toBe(false);
        expect(git('status', '--porcelain')).toBe(status);
      } finally {
        b.cleanup();
      }
      expect(fs.existsSync(b.dir)).toBe(false);
      expect(() => prepareBaseline({ paths: [path.join(repo, 'ext')], rev: 'no-such-rev' })).toThrow(/no-such-rev is not a commit/);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  test('outside git: a one-line reason that names --baseline', () => {
    const dir = copyFixture();
    try {
      expect(() => prepareBaseline({ paths: [dir] })).toThrow(BaselineError);
      expect(() => prepareBaseline({ paths: [dir] })).toThrow(/not in a git work tree \(pass --baseline DIR/);
      expect(() => prepareBaseline({ paths: [dir], dir: path.join(dir, 'nope') })).toThrow(/no such directory/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('verify with the differential warnings check', () => {
  test('a module that already warns under -Wextra passes; a warning the rewrite adds fails, named with file:line', async () => {
    if (!newest) return console.warn('skipped: no interpreter 3.9-3.13 found');
    const dir = copyFixture();
    try {
      const run = (): ReturnType<typeof verify> =>
        verify({ module: 'vcost', sources: [path.join(dir, 'vcost.c')], interpreters: [newest as Interpreter], warnings: { baseline: prepareBaseline({ paths: [dir], dir: FIXTURE }) } });
      // unchanged but moved down by two lines: its six -Wextra warnings are the original's
      edit(path.join(dir, 'vcost.c'), '#define PY_SSIZE_T_CLEAN', '/* moved */\n\n#define PY_SSIZE_T_CLEAN');
      let rep = await run();
      expect(rep.results[0].warnings).toBe('ok');
      // a declaration after a statement, as a careless rewrite would put it
      edit(path.join(dir, 'vcost.c'), '    self->first = self->second;', '    self->first = self->second;\n    long u = t;\n    (void)u;');
      rep = await run();
      const r = rep.results[0];
      expect(r.warnings).toBe('new');
      expect(r.ok).toBe(false);
      expect(r.newWarnings?.map((w) => [path.basename(w.file), w.line, w.option, w.function])).toEqual([['vcost.c', 50, '-Wdeclaration-after-statement', 'Pair_swap']]);
      const text = formatVerifyReport(rep);
      expect(text).toMatch(/warnings=new: 1 warning\(s\) under -Wall -Wextra -Wdeclaration-after-statement that the original \(directory .*\) does not show/);
      expect(text).toMatch(/vcost\.c:50:\d+: warning: ISO C90 forbids mixed declarations and code \[-Wdeclaration-after-statement\] \(in Pair_swap\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no original, or the same files: n/a, said once, not a failure', async () => {
    if (!newest) return console.warn('skipped: no interpreter 3.9-3.13 found');
    const interp = newest;
    const rep = await verify({
      module: 'viso',
      sources: [path.join(__dirname, '..', 'testdata', 'verify', 'isolated', 'viso.c')],
      interpreters: [interp],
      warnings: { unavailable: 'no baseline: here is why' },
    });
    expect(rep.results[0].warnings).toBe('n/a');
    expect(rep.ok).toBe(true);
    expect(rep.warningsNote).toBe('warnings check n/a: no baseline: here is why');
    expect(formatVerifyReport(rep).match(/here is why/g)).toHaveLength(1);
  });
});
