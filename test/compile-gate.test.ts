/**
 * The compile gate of diff / apply / branch (runner/compile-gate.ts), with the real compiler and
 * CPython headers (the same discovery as verify). A project whose public header, outside the PATH
 * given, reads a global through a macro: the rewrite moves the global into the module state and
 * cannot see that use, so the result does not compile. The gate refuses it with the compiler's
 * first error and nothing is written; --no-compile-check writes it (so the gate is what stops it).
 * An original that does not compile is written, with one "not compile-checked" note.
 *
 * Cost: about ten CLI runs of one small file each, 2 compiles per run (the rest of the suite runs
 * the CLI with the gate too, on modules that compile, or the library, which has it off).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt } from '../test-support/fuzz/build';
import { readTree, runCli, CliRun } from '../test-support/fuzz/run';
import { runBatch } from '../src/api';

const TIMEOUT = 120_000;
jest.setTimeout(300_000);

const CANON_H = `/* The project's public helpers: outside the PATH given to the tool. */
#ifndef CANON_H
#define CANON_H
#define CANON_NAME() (str_canonical)
#endif
`;

const CANON_C = `#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *str_canonical = NULL;

#include "canon.h"

static PyObject *
canon_name(PyObject *self, PyObject *unused)
{
    PyObject *name = CANON_NAME();
    Py_INCREF(name);
    return name;
}

static PyMethodDef canon_methods[] = {
    {"name", canon_name, METH_NOARGS, "The canonical name."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef canon_module = {
    PyModuleDef_HEAD_INIT, "canon", NULL, -1, canon_methods
};

PyMODINIT_FUNC
PyInit_canon(void)
{
    PyObject *m = PyModule_Create(&canon_module);
    if (m == NULL) {
        return NULL;
    }
    str_canonical = PyUnicode_InternFromString("canonical");
    if (str_canonical == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
`;

let base: string;
let cacheHome: string;

beforeAll(() => {
  ensureBuilt();
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-gate-'));
  cacheHome = path.join(base, 'cache');
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** proj/include/canon.h + proj/src/canon.c (the broken rewrite), or the variant without its include dir. */
function project(tag: string, opts: { missingHeader?: boolean } = {}): string {
  const root = path.join(base, tag);
  fs.mkdirSync(path.join(root, 'include'), { recursive: true });
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'include', 'canon.h'), CANON_H);
  const c = opts.missingHeader ? CANON_C.replace('#include "canon.h"', '#include "missing.h"\n#define CANON_NAME() (str_canonical)') : CANON_C;
  fs.writeFileSync(path.join(root, 'src', 'canon.c'), c);
  return root;
}

function cli(args: string[], cwd?: string): Promise<CliRun> {
  return runCli(args, { timeoutMs: TIMEOUT, cwd, env: { XDG_CACHE_HOME: cacheHome } });
}

const REFUSED = /canon\.c: refused: the rewrite would not compile with the headers of Python 3\.\d+ \(the original does\): \S*canon\.h:4:\d+: error: 'str_canonical' undeclared/;

describe('compile gate', () => {
  test('apply refuses a rewrite that no longer compiles, with the first error, and writes nothing', async () => {
    const root = project('apply');
    const before = readTree(root);
    const r = await cli(['apply', '-q', path.join(root, 'src')]);
    expect(r.stderr).toMatch(REFUSED);
    expect(r.code).toBe(1);
    expect(readTree(root)).toEqual(before);
  });

  test('diff shows no change for it and says why', async () => {
    const root = project('diff');
    const r = await cli(['diff', path.join(root, 'src')]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(REFUSED);
    expect(r.stderr).toMatch(/engine\/refused/);
    expect(r.code).toBe(1);
  });

  test('--no-compile-check writes it: the gate is what stops it', async () => {
    const root = project('off');
    const r = await cli(['apply', '-q', '--no-compile-check', path.join(root, 'src')]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'src', 'canon.c'), 'latin1')).not.toBe(CANON_C);
  });

  test('an original that does not compile is converted, with one "not compile-checked" note', async () => {
    const root = project('unchecked', { missingHeader: true });
    const r = await cli(['apply', path.join(root, 'src')]);
    const notes = r.stderr.split('\n').filter((l) => l.includes('not compile-checked'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/canon\.c: note: not compile-checked: the original canon\.c does not compile with the headers of Python 3\.\d+ and the flags known \(.*missing\.h: No such file or directory\)/);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'src', 'canon.c'), 'latin1')).toMatch(/Py_mod_exec/);
  });

  test('the library gates when asked, and a second run is served from the cache', async () => {
    const root = project('library');
    const cacheDir = path.join(base, 'lib-cache');
    const first = await runBatch([path.join(root, 'src')], { mode: 'rewrite', compileCheck: true, cacheDir });
    expect(first.changes).toEqual([]);
    expect(first.refused.map((x) => x.reason)).toEqual([expect.stringMatching(/^the rewrite would not compile with the headers of Python 3\.\d+ \(the original does\)/)]);
    const entries = fs.readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.json'));
    expect(entries.length).toBeGreaterThanOrEqual(2); // the result before and after
    const second = await runBatch([path.join(root, 'src')], { mode: 'rewrite', compileCheck: true, cacheDir });
    expect(second.refused).toEqual(first.refused);
    expect(fs.readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.json'))).toEqual(entries);
    const off = await runBatch([path.join(root, 'src')], { mode: 'rewrite', cacheDir });
    expect(off.changes.length).toBe(1);
  });

  test('branch makes no commit of it', async () => {
    const root = project('branch');
    const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' };
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, env: gitEnv, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'canon');
    const r = await runCli(['branch', 'src'], { timeoutMs: TIMEOUT, cwd: root, env: { XDG_CACHE_HOME: cacheHome, ...gitEnv } });
    expect(r.stderr).toMatch(REFUSED);
    expect(r.stdout).toMatch(/^Nothing to change/);
    expect(git('branch', '--list').trim()).toBe('* main');
    expect(r.code).toBe(1);
  });
});
