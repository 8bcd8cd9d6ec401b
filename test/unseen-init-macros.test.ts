/**
 * Statement macros of another library's header used in the init (Acquisition's
 * `PyExtensionClass_Export(d, "Name", Type);`, which ends in `return NULL;`): moved into the int
 * exec as they are, they return a pointer from it. The case export-macro-returns-null-from-header
 * has the header among the files; here it is outside them: found beside the file but not given
 * (read for its names and its returning macros), or not found at all.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';

const HEADER = [
  '#define EXPORT_VALUE(D, N, V) \\',
  '    if (exportlib_publish((D), (N), (V)) < 0) return NULL;',
  '#define EXPORT_VALUE_SAFE(D, N, V) \\',
  '    do { if (exportlib_publish((D), (N), (V)) < 0) return NULL; } while (0)',
  '#define EXPORT_OR_ZERO(D, N, V) \\',
  '    do { if (exportlib_publish((D), (N), (V)) < 0) return exportlib_fallback(); } while (0)',
  'int exportlib_publish(PyObject *dict, const char *name, PyObject *value);',
  '',
].join('\n');

function module(statements: string[], include = '#include "exportlib/exportlib.h"'): string {
  return [
    '#include <Python.h>',
    include,
    'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
    'PyMODINIT_FUNC',
    'PyInit_m(void)',
    '{',
    '    PyObject *m = PyModule_Create(&def);',
    '    if (m == NULL) {',
    '        return NULL;',
    '    }',
    ...statements.map((s) => `    ${s}`),
    '    return m;',
    '}',
    '',
  ].join('\n');
}

function run(text: string, header: 'beside' | 'missing'): ReturnType<typeof rewrite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-unseen-'));
  try {
    fs.writeFileSync(path.join(dir, 'm.c'), text);
    if (header === 'beside') {
      fs.mkdirSync(path.join(dir, 'exportlib'));
      fs.writeFileSync(path.join(dir, 'exportlib', 'exportlib.h'), HEADER);
    }
    return rewrite([path.join(dir, 'm.c')]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const singlePhase = (r: ReturnType<typeof rewrite>) => r.findings.filter((f) => f.rule === 'multi-phase-init/single-phase-init' && f.fix === 'manual');

test('a returning macro of a header found but not given keeps the init single-phase, naming the macro and the header', () => {
  const r = run(module(['EXPORT_VALUE(PyModule_GetDict(m), "answer", PyLong_FromLong(42));']), 'beside');
  expect(r.changes).toEqual([]);
  const [f] = singlePhase(r);
  expect(f.message).toContain('macro EXPORT_VALUE() of exportlib.h, which is not among the files given, returns from PyInit_m()');
  expect(f.suggestion).toContain('give exportlib.h to pyext-isolate');
});

test("a returning macro of a header found but not given, one statement that only returns NULL, is expanded in the exec with the exec's error value", () => {
  const r = run(module(['EXPORT_VALUE_SAFE(PyModule_GetDict(m), "answer", PyLong_FromLong(42));']), 'beside');
  expect(singlePhase(r)).toEqual([]);
  const out = r.changes.find((c) => c.path.endsWith('m.c'))!.after;
  expect(out).toContain('    do { if (exportlib_publish((PyModule_GetDict(m)), ("answer"), (PyLong_FromLong(42))) < 0) return -1; } while (0);\n');
  expect(out).not.toContain('EXPORT_VALUE_SAFE');
  // Returning anything else, or not one statement (`if (...) return NULL;` after an `if` would take its `else`): kept single-phase.
  expect(singlePhase(run(module(['EXPORT_OR_ZERO(PyModule_GetDict(m), "answer", PyLong_FromLong(42));']), 'beside'))).toHaveLength(1);
});

test('a statement the run cannot read, in a file whose local header was not found, keeps the init single-phase', () => {
  const r = run(module(['EXPORT_VALUE(PyModule_GetDict(m), "answer", PyLong_FromLong(42));']), 'missing');
  expect(r.changes).toEqual([]);
  const [f] = singlePhase(r);
  expect(f.message).toContain('EXPORT_VALUE() is used as a statement in PyInit_m() and defined in no file of the run, while m.c includes "exportlib/exportlib.h", which was not found');
});

test("CPython's and C's functions, and a header function that does not return, leave the init to convert", () => {
  const calls = ['PyModule_AddIntConstant(m, "answer", 42);', 'memset(&def, 0, 0);'];
  expect(singlePhase(run(module(calls), 'missing'))).toEqual([]);
  // found beside the file: exportlib_publish is a function its header declares
  expect(singlePhase(run(module(['exportlib_publish(PyModule_GetDict(m), "answer", PyLong_FromLong(42));']), 'beside'))).toEqual([]);
  // no local header missing: an unknown name is a function of a system header
  expect(singlePhase(run(module(['tzset();'], '#include <time.h>'), 'missing'))).toEqual([]);
});
