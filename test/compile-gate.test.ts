/**
 * The compile gate of diff / apply / branch (runner/compile-gate.ts), with the real compiler and
 * CPython headers (the same discovery as verify). A project whose public header, outside the PATH
 * given, reads a global through a macro: the rewrite moves the global into the module state and
 * cannot see that use, so the result does not compile. The gate refuses it with the compiler's
 * first error and nothing is written; --no-compile-check writes it (so the gate is what stops it).
 * An original that does not compile is written, with one "not compile-checked" note.
 *
 * The gate compiles only the units the rewrite can affect, concurrently: an unchanged unit that
 * reads a changed or new file is still compiled, and the outcome is the one of a serial run.
 *
 * Cost: about ten CLI runs of one small file each, 2 compiles per run, and about 20 compiles of
 * tiny units through the library (the rest of the suite runs the CLI with the gate too, on modules
 * that compile, or the library, which has it off).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt } from '../test-support/fuzz/build';
import { readTree, runCli, CliRun } from '../test-support/fuzz/run';
import { runBatch } from '../src/api';
import { gateExtension, GateOutcome } from '../src/runner/compile-gate';
import { prepareGate, GateSetup } from '../src/runner/gate-setup';
import { startGateRun, GateRun } from '../src/runner/gate-run';
import type { FileChange } from '../src/engine/plan-types';
import type { NewFile } from '../src/plan/emit';
import { loadConfig } from '../src/engine/config';

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

describe('which units the gate compiles, and in what order it decides', () => {
  let setup: GateSetup;
  beforeAll(async () => {
    const g = await prepareGate({ paths: [base], config: loadConfig([], {}), cacheDir: path.join(cacheHome, 'pyext-isolate') });
    if (!g.setup) throw new Error(`these tests need a C compiler and CPython headers: ${g.why}`);
    setup = g.setup;
  }, TIMEOUT);

  /** An extension in its own directory: its files (name -> text), and the rewrite (name -> text after; new files too). */
  function extension(tag: string, files: Record<string, string>, after: Record<string, string>): { files: string[]; changes: FileChange[]; newFiles: NewFile[] } {
    const dir = path.join(base, tag);
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const paths = Object.keys(files).map((n) => path.join(dir, n)).sort();
    const unit = paths[0];
    return {
      files: paths,
      changes: Object.entries(after).filter(([n]) => n in files).map(([n, text]) => ({ path: path.join(dir, n), before: files[n], after: text, by: ['test'], unit })),
      newFiles: Object.entries(after).filter(([n]) => !(n in files)).map(([n, content]) => ({ path: path.join(dir, n), content, unit })),
    };
  }

  /** The gate without its result cache: every test compiles what it asks for. */
  function gate(e: ReturnType<typeof extension>, run?: GateRun): Promise<GateOutcome> {
    return gateExtension({ ...setup, cacheDir: undefined }, e.files, e.changes, e.newFiles, run);
  }

  const PY = '#define PY_SSIZE_T_CLEAN\n#include <Python.h>\n';

  test('several broken units: the refusal names the first in serial order, however many compile at once', async () => {
    // b.c is big (its compile ends last), c.c is tiny: a gate that took the first failure to end would name c.c.
    const filler = Array.from({ length: 3000 }, (_, i) => `static int filler_${i}(int x) { return x + ${i}; }`).join('\n');
    const files = {
      'a.c': `${PY}int a_value(void) { return 1; }\n`,
      'b.c': `${PY}${filler}\nint b_value(void) { return 2; }\n`,
      'c.c': `${PY}int c_value(void) { return 3; }\n`,
    };
    const after = { 'a.c': `${files['a.c']}/* rewritten */\n`, 'b.c': files['b.c'].replace('return 2;', 'return b_undeclared;'), 'c.c': files['c.c'].replace('return 3;', 'return c_undeclared;') };
    const e = extension('order', files, after);
    const outcomes: GateOutcome[] = [];
    for (const jobs of [1, 4]) {
      const run = startGateRun(jobs);
      try {
        outcomes.push(await gate(e, run));
      } finally {
        run.close();
      }
    }
    const oldest = setup.targets[0].version.replace('.', '\\.');
    expect(outcomes[0]).toMatchObject({ kind: 'refused', reason: expect.stringMatching(new RegExp(`Python ${oldest} .*b\\.c:\\d+:\\d+: error: 'b_undeclared' undeclared`)) });
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  test('an unchanged unit that includes a header the rewrite changed is compiled (and its break refuses the extension)', async () => {
    const files = {
      'mod.c': `${PY}#include "shared.h"\nint mod_value(void) { return SHARED_VALUE; }\n`,
      'shared.h': '#define SHARED_VALUE 1\n',
      'user.c': `${PY}#include "shared.h"\nint user_value(void) { return SHARED_VALUE + 1; }\n`,
    };
    const outcome = await gate(extension('changed-header', files, { 'mod.c': files['mod.c'].replace('return SHARED_VALUE;', 'return 1;'), 'shared.h': '/* moved into the module state */\n' }));
    expect(outcome).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/user\.c:4:\d+: error: 'SHARED_VALUE' undeclared/) });
  });

  test('an unchanged unit that asks for a file the rewrite creates is compiled', async () => {
    const files = {
      'mod.c': `${PY}int mod_value(void) { return 1; }\n`,
      'user.c': `${PY}#if __has_include("pyext_isolate_compat.h")\n#error the compat header is there\n#endif\nint user_value(void) { return 2; }\n`,
    };
    const outcome = await gate(extension('new-file', files, { 'mod.c': `${files['mod.c']}/* rewritten */\n`, 'pyext_isolate_compat.h': '/* compat */\n' }));
    expect(outcome).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/user\.c:\d+:\d+: error: #error the compat header is there/) });
  });

  test('past the second unit whose original does not compile, the target is not compiled further', async () => {
    // Ten units that all miss a generated header: a tree the flags do not fit. Each target stops at
    // its second such unit (the concurrent gate runs ahead only once a unit has compiled; each
    // compile is one cache entry).
    const files: Record<string, string> = {};
    const after: Record<string, string> = {};
    for (let i = 0; i < 10; i++) {
      files[`u${i}.c`] = `${PY}#include "generated_by_the_build.h"\nint u${i}(void) { return ${i}; }\n`;
      after[`u${i}.c`] = `${files[`u${i}.c`]}/* rewritten */\n`;
    }
    const cacheDir = path.join(base, 'stop-cache');
    const e = extension('stop', files, after);
    const run = startGateRun(1);
    try {
      const outcome = await gateExtension({ ...setup, cacheDir }, e.files, e.changes, e.newFiles, run);
      expect(outcome).toMatchObject({ kind: 'unchecked', why: expect.stringMatching(/^the original u0\.c does not compile/) });
    } finally {
      run.close();
    }
    const compiles = fs.readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.json')).length;
    expect(compiles).toBeGreaterThanOrEqual(4 * setup.targets.length); // two units and their originals, per target
    expect(compiles).toBeLessThanOrEqual(6 * setup.targets.length); // and the exact flags' compile of each
  });

  test('a unit of another platform that the flags cannot build does not stop the others from being checked', async () => {
    // setproctitle's shape: a macOS-only file sorts first and cannot be compiled here; the rewrite
    // breaks another unit (a state field's type its header does not declare): refused, not "unchecked".
    const files = {
      'a_darwin.c': `${PY}#include <CoreFoundation/CoreFoundation.h>\nint a(void) { return 0; }\n`,
      'b.c': `${PY}int b(void) { return 1; }\n`,
    };
    const outcome = await gate(extension('platform', files, { 'a_darwin.c': `${files['a_darwin.c']}/* rewritten */\n`, 'b.c': `${PY}typedef struct { bool seen; } st_t;\nint b(void) { return 1; }\n` }));
    expect(outcome).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/unknown type name .bool./) });
  });

  test('without a precompiled Python.h (no cache), a refusal still quotes the compiler', async () => {
    // The exact compile is the only one then: its error is the reason (a gate once said "the compiler failed").
    const files = { 'm.c': `${PY}static int m_value(void) { return 1; }\nint m_use(void) { return m_value(); }\n` };
    const e = extension('no-pch', files, { 'm.c': files['m.c'].replace('int m_use(void) {', 'int m_use(void) { int x = 0; (void)PyModule_GetState(&x);') });
    const outcome = await gateExtension({ ...setup, cacheDir: undefined, targets: setup.targets.map((t) => ({ ...t, pchDir: undefined })) }, e.files, e.changes, e.newFiles);
    expect(outcome).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/m\.c:4:\d+: error: passing argument 1 of 'PyModule_GetState' from incompatible pointer type/) });
  });

  test('a warning the rewrite adds is reported, with its line in the rewritten file; one the original has is not', async () => {
    // The original already warns (an unused parameter, an unused variable); the rewrite adds lines
    // above them (new line numbers, same warnings) and one unused variable of its own.
    const original = `${PY}static int
scale(int x, int unused_arg)
{
    int spare;
    return 2 * x;
}

int use_scale(void) { return scale(1, 2); }
`;
    const rewritten = original
      .replace('#include <Python.h>\n', '#include <Python.h>\n\n/* moved into the module state */\n')
      .replace('int use_scale(void) { return scale(1, 2); }', 'int use_scale(void)\n{\n    int st_unused;\n    return scale(1, 2);\n}');
    const outcome = await gate(extension('warnings', { 'w.c': original }, { 'w.c': rewritten }));
    const newest = setup.targets[setup.targets.length - 1].version;
    expect(outcome).toEqual({
      kind: 'ok',
      added: [expect.objectContaining({ file: path.join(base, 'warnings', 'w.c'), line: rewritten.split('\n').findIndex((l) => l.includes('st_unused')) + 1, option: '-Wunused-variable', message: "unused variable 'st_unused'", version: newest })],
    });
    // A rewrite that adds nothing to warn about: nothing reported, though the original warns.
    const quiet = await gate(extension('warnings-quiet', { 'w.c': original }, { 'w.c': original.replace('#include <Python.h>\n', '#include <Python.h>\n\n/* moved */\n') }));
    expect(quiet).toEqual({ kind: 'ok' });
  });

  test('a misleading indentation the rewrite adds refuses it: a condition no longer guards what it did', async () => {
    const original = `${PY}int pick(int ok)
{
    if (ok)
        return 1;
    return 0;
}
`;
    const rewritten = original.replace('        return 1;', '        ok = 2;\n        return 1;');
    const outcome = await gate(extension('misleading', { 'm.c': original }, { 'm.c': rewritten }));
    expect(outcome).toMatchObject({ kind: 'refused', file: path.join(base, 'misleading', 'm.c'), reason: expect.stringMatching(/^the rewrite would change which statements a condition guards .*m\.c:5:\d+: .*\[-Wmisleading-indentation\]$/) });
  });

  test('a warning GCC 14 makes an error (return NULL from an int function, through a macro) refuses the rewrite', async () => {
    // The shape of a library header's export macro outside the files given (ExtensionClass's
    // PyExtensionClass_Export: `... < 0) return NULL;`) left in a converted exec function.
    const original = `${PY}#define EXPORT_OR_FAIL(d, n, o) if (PyDict_SetItemString(d, n, o) < 0) return NULL
PyObject *make(PyObject *d)
{
    EXPORT_OR_FAIL(d, "x", Py_None);
    return d;
}
`;
    const rewritten = original.replace('PyObject *make(PyObject *d)', 'int make(PyObject *d)').replace('    return d;', '    return 0;');
    const outcome = await gate(extension('int-conversion', { 'm.c': original }, { 'm.c': rewritten }));
    expect(outcome).toMatchObject({ kind: 'refused', file: path.join(base, 'int-conversion', 'm.c'), reason: expect.stringMatching(/^the rewrite would add a warning that GCC 14 and clang 16 make an error .*m\.c:6:\d+: .*\[-Wint-conversion\]$/) });
  });

  test('an unchanged unit that reads nothing the rewrite changed is not compiled (it cannot break)', async () => {
    // other.c does not compile at all (a header the flags cannot find): compiled, it would make the extension "not compile-checked".
    const files = {
      'mod.c': `${PY}int mod_value(void) { return 1; }\n`,
      'other.c': `${PY}#include "generated_by_the_build.h"\n`,
    };
    const outcome = await gate(extension('unaffected', files, { 'mod.c': `${files['mod.c']}/* rewritten */\n`, 'pyext_isolate_compat.h': '/* compat */\n' }));
    expect(outcome).toEqual({ kind: 'ok' });
    const checked = await gate(extension('affected', files, { 'mod.c': `${files['mod.c']}/* rewritten */\n`, 'other.c': `${files['other.c']}/* rewritten */\n` }));
    expect(checked).toMatchObject({ kind: 'unchecked', why: expect.stringMatching(/the original other\.c does not compile .*generated_by_the_build\.h/) });
  });
});
