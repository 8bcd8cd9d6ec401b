/**
 * Inputs that used to hang the tool, grow it without bound, or let something outside the
 * project decide the run (issue 18, items 5 and 6): empty macro names in the configuration, a
 * FIFO or /dev/zero where a pyproject.toml, header or PATH should be, a runaway single-file run,
 * a stray pyproject.toml above the repository or in a shared directory, and an edited cache
 * entry. Each gives a one-line report and the documented exit status, never a hang.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt } from '../test-support/fuzz/build';
import { repoRoot, runCli, CliRun } from '../test-support/fuzz/run';
import { analyzeSource } from '../src/api';
import { buildMacroTable } from '../src/core/macros';
import { lex } from '../src/core/lex';
import { EXTENSIONS } from './helpers/modules';

const ROOT = repoRoot();
const HOOKS = path.join(ROOT, 'dist', 'test-support', 'fuzz', 'fault-hooks.js');
// Generous: a hang is what is tested, and a hung run is killed at this bound.
const TIMEOUT = 60_000;
const made: string[] = [];

function tempDir(tag: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `pyext-hostile-${tag}-`));
  made.push(d);
  return d;
}

/** A project directory holding lazyimp's source (it has findings). */
function project(dir: string): string {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.copyFileSync(path.join(EXTENSIONS, 'lazyimp', 'lazyimp.c'), path.join(dir, 'src', 'lazyimp.c'));
  return dir;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCli(args, { timeoutMs: TIMEOUT, env: { XDG_CACHE_HOME: cacheHome, ...env } });
}

function linesAbout(r: CliRun, needle: string): string[] {
  return (r.stdout + '\n' + r.stderr).split('\n').filter((l) => l.includes(needle));
}

let cacheHome = '';

beforeAll(() => {
  ensureBuilt(ROOT);
  cacheHome = tempDir('cache-home');
}, TIMEOUT);

afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

describe('no hang and no unbounded memory', () => {
  test.each([
    ['an empty export-macros entry', 'export-macros = [""]\n', /export-macros: "" is not a C identifier/],
    ['an empty macro name', 'macros = [{ name = "", kind = "hole" }]\n', /macro name "" is not a C identifier/],
  ])('%s: a usage error in one line', async (_label, toml, reason) => {
    const dir = project(tempDir('empty-name'));
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), `[tool.pyext-isolate]\n${toml}`);
    const r = await cli(['check', '--no-cache', dir]);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
  }, TIMEOUT);

  test('the library ignores an empty or non-identifier macro name instead of looping on it', () => {
    const table = buildMacroTable([{ name: '', kind: 'hole' }, { name: 'A B', kind: 'hole' }], ['', '('], true);
    const fm = analyzeSource('x.c', Buffer.from('static PyObject *g;\nint f(void) { return 0; }\n'), table);
    expect(fm.functions.map((f) => f.name)).toEqual(['f']);
  });

  test.each([
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), /named pipe \(FIFO\): not read/],
    ['a symlink to /dev/zero', (p: string) => fs.symlinkSync('/dev/zero', p), /a device: not read/],
  ])('pyproject.toml that is %s: a usage error in one line', async (_label, make, reason) => {
    const dir = project(tempDir('pyproject-special'));
    const p = path.join(dir, 'pyproject.toml');
    make(p);
    const r = await cli(['check', '--no-cache', dir]);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(linesAbout(r, p)).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
  }, TIMEOUT);

  test.each([
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), /named pipe \(FIFO\): not read/],
    ['a symlink to /dev/zero', (p: string) => fs.symlinkSync('/dev/zero', p), /a device: not read/],
  ])('a header that is %s: one line, the other files are checked', async (_label, make, reason) => {
    const dir = project(tempDir('header-special'));
    const h = path.join(dir, 'src', 'special.h');
    make(h);
    const r = await cli(['check', '--no-cache', dir]);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    const lines = linesAbout(r, h);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
    expect(r.stdout).toMatch(/lazyimp\.c:\d+:\d+:/);
  }, TIMEOUT);

  test('a PATH that is a FIFO: one line and status 1, not "0 files" and 0', async () => {
    const dir = tempDir('path-fifo');
    const p = path.join(dir, 'pipe.c');
    execFileSync('mkfifo', [p]);
    const r = await cli(['check', '--no-cache', p]);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(linesAbout(r, p).filter((l) => /named pipe \(FIFO\): not read/.test(l))).toHaveLength(1);
  }, TIMEOUT);

  test('a single-file run that runs away is stopped at the time bound, with one line', async () => {
    const dir = project(tempDir('runaway'));
    const file = path.join(dir, 'src', 'lazyimp.c');
    const before = fs.readFileSync(file, 'latin1');
    const r = await cli(['apply', '--jobs', '1', file], { NODE_OPTIONS: `--require ${HOOKS}`, PYEXT_FAULT_HANG_ON_READ: file, PYEXT_ISOLATE_TIMEOUT: '3' });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(linesAbout(r, file).filter((l) => /timed out after 3 s: skipped, nothing written/.test(l))).toHaveLength(1);
    expect(fs.readFileSync(file, 'latin1')).toBe(before);
  }, TIMEOUT);
});

describe('configuration and cache stay within the project', () => {
  const excludeAll = '[tool.pyext-isolate]\nexclude = ["**"]\n';

  test('a pyproject.toml in a shared sticky directory (like /tmp) above the project is not read', async () => {
    const shared = tempDir('shared');
    fs.chmodSync(shared, 0o1777);
    fs.writeFileSync(path.join(shared, 'pyproject.toml'), excludeAll);
    const dir = project(path.join(shared, 'proj'));
    const r = await cli(['check', '--no-cache', path.join(dir, 'src')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/lazyimp\.c:\d+:\d+:/);
  }, TIMEOUT);

  test('the search stops at the repository root', async () => {
    const outer = tempDir('above-repo');
    fs.writeFileSync(path.join(outer, 'pyproject.toml'), excludeAll);
    const repo = project(path.join(outer, 'repo'));
    fs.mkdirSync(path.join(repo, '.git'));
    const r = await cli(['check', '--no-cache', path.join(repo, 'src')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/lazyimp\.c:\d+:\d+:/);
    // ... and a pyproject.toml at the root itself is read.
    fs.writeFileSync(path.join(repo, 'pyproject.toml'), excludeAll);
    const r2 = await cli(['check', '--no-cache', path.join(repo, 'src')]);
    expect(r2.stdout).not.toMatch(/lazyimp\.c:\d+:\d+:/);
  }, TIMEOUT);

  test('an edited cache entry is a miss, never a clean result; the cache is not in the source tree', async () => {
    const dir = project(tempDir('cache'));
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.pyext-isolate]\n');
    const home = tempDir('cache-edit');
    const first = await cli(['check', dir], { XDG_CACHE_HOME: home });
    expect(first.code).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['pyproject.toml', 'src']);
    const entries: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (e.name.endsWith('.json')) entries.push(path.join(d, e.name));
      }
    };
    walk(path.join(home, 'pyext-isolate'));
    expect(entries.length).toBeGreaterThan(0);
    // Every finding taken out of every entry, the JSON kept valid.
    const clean = (v: { findings?: unknown[] }): void => {
      if (Array.isArray(v.findings)) v.findings = [];
    };
    for (const f of entries) {
      const e = JSON.parse(fs.readFileSync(f, 'utf8')) as { findings?: unknown[]; value?: string };
      clean(e);
      if (typeof e.value === 'string') {
        const inner = JSON.parse(e.value) as { findings?: unknown[] };
        clean(inner);
        e.value = JSON.stringify(inner);
      }
      fs.writeFileSync(f, JSON.stringify(e));
    }
    const second = await cli(['check', dir], { XDG_CACHE_HOME: home });
    expect(second.code).toBe(1);
    expect(second.stdout).toBe(first.stdout);
  }, TIMEOUT);
});

describe('backslash-newline inside a token (item 9)', () => {
  test.each([
    ['an identifier in code', 'static PyObject *Shadow\\\nError;\n', 1],
    ['an identifier in code, CRLF', 'static PyObject *Shadow\\\r\nError;\r\n', 1],
    ['an operator', 'int f(S *s) { return s-\\\n>x; }\n', 1],
    ['a name in a macro body', '#define X(a) a##b\\\nc\n', 1],
    ['a macro continuation after a space', '#define X(a) \\\n  (a + 1)\n', 0],
    ['a continuation between tokens in a macro', '#define X(a) f(a,\\\n  1)\n', 0],
    ['a continued line comment', '// note \\\nstill\\\ncomment\nint x;\n', 0],
    ['a continued string', 'const char *s = "ab\\\ncd";\n', 0],
  ])('%s', (_label, text, n) => {
    expect(lex(text).splices).toHaveLength(n);
  });
});
