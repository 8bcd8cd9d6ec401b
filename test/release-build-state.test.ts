/**
 * A function whose only uses of the state a release build compiles out (an `assert(...)`, a
 * check macro that only debug builds define to do something) declares its `st` under the same
 * condition: with NDEBUG defined (as setuptools builds extensions) an unconditional declaration is
 * an unused variable (-Wunused-variable) and a state lookup on every call for nothing.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';
import { interpretersFor } from './helpers/verify-helper';

const CASE = path.join(__dirname, '..', 'testdata', 'cases', 'call-in-macro-defined-per-branch', 'input.c');

// The type check only an assert makes: its function needs the state under !NDEBUG alone.
const ASSERT_ONLY = `#include <Python.h>

typedef struct { PyObject_HEAD long n; } TallyObject;
static PyTypeObject Tally_Type;
#define Tally_Check(o) (Py_TYPE(o) == &Tally_Type)

static PyObject *
tally_bump(PyObject *self, PyObject *unused)
{
    assert(Tally_Check(self));
    ((TallyObject *)self)->n++;
    return PyLong_FromLong(((TallyObject *)self)->n);
}

static PyMethodDef tally_methods[] = {{"bump", tally_bump, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};

static PyTypeObject Tally_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tally.Tally",
    .tp_basicsize = sizeof(TallyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = tally_methods,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef tally_def = {PyModuleDef_HEAD_INIT, "tally", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_tally(void)
{
    PyObject *m;
    if (PyType_Ready(&Tally_Type) < 0)
        return NULL;
    m = PyModule_Create(&tally_def);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Tally_Type);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&Tally_Type) < 0) {
        Py_DECREF(&Tally_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
`;

function converted(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-ndebug-'));
  try {
    fs.writeFileSync(path.join(dir, name), text);
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    return r.changes.find((c) => c.path.endsWith(name))!.after;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** gcc's warnings for `text` (with the compat header the rewrite writes next to it), with and without NDEBUG. */
async function warnings(text: string, include: string): Promise<Record<'debug' | 'release', string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-ndebug-cc-'));
  try {
    fs.writeFileSync(path.join(dir, 'm.c'), text.replace('#include "pyext_isolate_compat.h"\n', ''));
    const run = (flags: string[]): string => {
      try {
        return execFileSync('gcc', ['-fsyntax-only', '-Wall', '-Wunused-variable', ...flags, `-I${include}`, path.join(dir, 'm.c')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        return String((err as { stderr?: string }).stderr ?? err);
      }
    };
    const out = (flags: string[]): string => run(flags).split('\n').filter((l) => /warning|error/.test(l)).join('\n');
    return { debug: out([]), release: out(['-DNDEBUG']) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('st under #ifndef NDEBUG where only asserts and debug-only macros use it; no warning in either build', async () => {
  const { interpreters } = await interpretersFor(['3.13', '3.12']);
  const python = interpreters.find((i) => i.minor >= 12);
  const cell = converted('chain.c', fs.readFileSync(CASE, 'latin1'));
  // cell_new and cell_length need the state only for VALIDATE_CELL (debug builds).
  expect(cell).toMatch(/cell_new\([^)]*\)\n\{\n#ifndef NDEBUG\n    chainmod_state \*st = [^\n]*\n#endif\n/);
  expect(cell).toMatch(/cell_length\([^)]*\)\n\{\n#ifndef NDEBUG\n    chainmod_state \*st = [^\n]*\n#endif\n/);
  const tally = converted('tally.c', ASSERT_ONLY);
  expect(tally).toMatch(/tally_bump\([^)]*\)\n\{\n#ifndef NDEBUG\n    tally_state \*st = [^\n]*\n#endif\n/);
  if (!python) return; // the compile half needs CPython 3.12+ headers
  for (const text of [cell, tally]) expect(await warnings(text, python.includeDir)).toEqual({ debug: '', release: '' });
});
