/**
 * A header the given file includes but that was not given (immutables' `_map.c` given alone, its
 * `_map.h` declaring `PyTypeObject _Map_Type;` and `#define Map_Check(o) (Py_TYPE(o) == &_Map_Type)`):
 * nothing that header names may move into the state. Moved, the header's own declaration defined a
 * zero-filled type object that compiled without a warning, and every Map_Check() was false.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite, runBatch } from '../src/api';
import { caseInputCopy } from './helpers/modules';

const HEADER = [
  '#include <Python.h>',
  'PyTypeObject Pair_Type;',
  '#define Pair_Check(o) (Py_TYPE(o) == &Pair_Type)',
  'extern PyObject *PairError;',
  '',
].join('\n');

const SOURCE = [
  '#include "pairmod.h"',
  'typedef struct { PyObject_HEAD long a; } PairObject;',
  'PyObject *PairError;',
  'static PyObject *Loose;',
  'static PyObject *pair_same(PyObject *self, PyObject *other)',
  '{',
  '    if (!Pair_Check(other)) {',
  '        PyErr_SetString(PairError, "not a pair");',
  '        return NULL;',
  '    }',
  '    return PyBool_FromLong(((PairObject *)self)->a == ((PairObject *)other)->a);',
  '}',
  'static PyMethodDef pair_methods[] = {{"same", pair_same, METH_O, NULL}, {NULL, NULL, 0, NULL}};',
  'PyTypeObject Pair_Type = {',
  '    PyVarObject_HEAD_INIT(NULL, 0)',
  '    .tp_name = "pairmod.Pair",',
  '    .tp_basicsize = sizeof(PairObject),',
  '    .tp_flags = Py_TPFLAGS_DEFAULT,',
  '    .tp_methods = pair_methods,',
  '    .tp_new = PyType_GenericNew,',
  '};',
  'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "pairmod", NULL, -1, NULL};',
  'PyMODINIT_FUNC PyInit_pairmod(void)',
  '{',
  '    PyObject *m;',
  '    if (PyType_Ready(&Pair_Type) < 0)',
  '        return NULL;',
  '    m = PyModule_Create(&def);',
  '    if (m == NULL)',
  '        return NULL;',
  '    PairError = PyErr_NewException("pairmod.PairError", NULL, NULL);',
  '    if (PairError == NULL)',
  '        return NULL;',
  '    Loose = PyUnicode_FromString("loose");',
  '    if (Loose == NULL)',
  '        return NULL;',
  '    return m;',
  '}',
  '',
].join('\n');

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-outside-'));
  fs.writeFileSync(path.join(dir, 'pairmod.h'), HEADER);
  fs.writeFileSync(path.join(dir, 'pairmod.c'), SOURCE);
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a type and a global that a header outside the files given names stay, with a finding that names the header', () => {
  const r = rewrite([path.join(dir, 'pairmod.c')]);
  const type = r.findings.find((f) => f.rule === 'static-type-to-heap/static-type')!;
  expect(type.fix).toBe('manual');
  expect(type.message).toMatch(/pairmod\.h, which pairmod\.c includes, names it too, and pairmod\.h is not among the files given/);
  const error = r.findings.find((f) => f.message.includes("'PairError'"))!;
  expect(error.fix).toBe('manual');
  expect(error.message).toContain('pairmod.h is not among the files given');
  // What the header does not name still moves.
  expect(r.findings.find((f) => f.message.includes("'Loose'"))!.fix).toBe('auto');
  const out = r.changes.find((c) => c.path.endsWith('pairmod.c'))!.after;
  expect(out).toContain('PyTypeObject Pair_Type = {');
  expect(out).toContain('st->Loose');
  expect(out).not.toContain('st->Pair_Type');
  expect(out).not.toContain('st->PairError');
});

test('given together with the header, the same names move', () => {
  const r = rewrite([dir]);
  expect(r.findings.some((f) => f.message.includes('not among the files given'))).toBe(false);
  expect(r.findings.find((f) => f.rule === 'static-type-to-heap/static-type')!.fix).toBe('auto');
});

test('a cached check is not reused once a header outside the files given changes (the verdict depends on it)', async () => {
  const cacheDir = path.join(dir, '.cache-test');
  const file = path.join(dir, 'pairmod.c');
  const verdict = (r: { findings: { rule: string; fix: string }[] }): string => r.findings.find((f) => f.rule === 'static-type-to-heap/static-type')!.fix;
  const first = await runBatch([file], { mode: 'check', jobs: 1, cacheDir });
  expect(verdict(first)).toBe('manual');
  const again = await runBatch([file], { mode: 'check', jobs: 1, cacheDir });
  expect(again.batch.cached).toBe(again.batch.groups);
  // The header no longer names the type: the same .c file, another verdict.
  fs.writeFileSync(path.join(dir, 'pairmod.h'), '#include <Python.h>\nextern PyObject *PairError;\n');
  const after = await runBatch([file], { mode: 'check', jobs: 1, cacheDir });
  expect(after.batch.cached).toBe(0);
  expect(verdict(after)).toBe('auto');
});

test('a non-static helper that a header outside the files given declares gets no state parameter: that prototype could not take it', () => {
  const caseDir = path.join(__dirname, '..', 'testdata', 'cases', 'type-readied-in-helper-of-other-file');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-outside-helper-'));
  try {
    for (const f of ['input.c', 'types.c', 'geo.h']) fs.copyFileSync(path.join(caseDir, f), path.join(work, f));
    const r = rewrite([path.join(work, 'input.c'), path.join(work, 'types.c')]);
    const type = r.findings.find((f) => f.rule === 'static-type-to-heap/static-type')!;
    expect(type.fix).toBe('manual');
    expect(type.message).toContain("point_new() uses 'Point_Type' but cannot reach the module state: it is not static and geo.h, which is not among the files given, declares it: that prototype could not take the state (give geo.h too)");
    expect(r.refused).toEqual([]);
    // With the header given, the type converts (the case's snapshots).
    expect(rewrite([work]).findings.find((f) => f.rule === 'static-type-to-heap/static-type')!.fix).toBe('auto');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

describe('Argument Clinic headers not given (testdata/cases/clinic-header-per-version with its input.c alone)', () => {
  let work = '';
  beforeEach(() => (work = caseInputCopy('clinic-header-per-version', 'outside-clinic')));
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('an _impl function that a header not given calls keeps its signature: its global waits, with the header to give, and nothing is refused', () => {
    const r = rewrite([path.join(work, 'input.c')]);
    expect(r.refused).toEqual([]);
    const error = r.findings.find((f) => f.message.includes("'OutOfRange'"))!;
    expect(error.fix).toBe('manual');
    // The header's docstring says "OutOfRange" in a string: that names nothing; its call of the _impl does.
    expect(error.message).toContain('ranges_clamp_impl() uses \'OutOfRange\' but cannot reach the module state: ranges.c.313.h, which input.c includes and is not among the files given, names it (a call or its prototype)');
    expect(error.suggestion).toContain('give ranges.c.313.h to pyext-isolate as well');
    const out = r.changes.find((c) => c.path.endsWith('input.c'))?.after ?? '';
    expect(out).not.toMatch(/ranges_clamp_impl\([^)]*_state \*/);
  });

  test('given with its clinic directory, the same module converts whole', () => {
    const r = rewrite([work]);
    expect(r.refused).toEqual([]);
    expect(r.findings.filter((f) => f.fix === 'manual')).toEqual([]);
  });
});
