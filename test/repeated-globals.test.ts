/**
 * A C global declared more than once in one scope (transforms/shared/c-data.ts repeatedDeclaration):
 * every declaration of the name is manual with the reason, whether one of them is under an #if (moving
 * the other made a second run move this one: fuzz regression 36c6d4f89ad5) or both are plain
 * (`static T x;` then `static T x = NULL;`: both moves edited the same text and the conflicting edits
 * refused the whole extension); the rest of the module is converted.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';

function run(source: string): ReturnType<typeof rewrite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-repeated-'));
  try {
    fs.writeFileSync(path.join(dir, 'm.c'), source);
    return rewrite([dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const MODULE = (decls: string): string => [
  '#include <Python.h>',
  '',
  decls,
  'static PyObject *other;',
  '',
  'static PyObject *',
  'set_hook(PyObject *self, PyObject *fn)',
  '{',
  '    Py_INCREF(fn);',
  '    Py_XSETREF(hook, fn);',
  '    return PyLong_FromLong(other != NULL);',
  '}',
  '',
  'static PyMethodDef methods[] = {',
  '    {"set_hook", set_hook, METH_O, NULL},',
  '    {NULL, NULL, 0, NULL}',
  '};',
  '',
  'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, methods};',
  '',
  'PyMODINIT_FUNC',
  'PyInit_m(void)',
  '{',
  '    PyObject *m = PyModule_Create(&def);',
  '    if (m == NULL)',
  '        return NULL;',
  '    other = PyUnicode_InternFromString("other");',
  '    return m;',
  '}',
  '',
].join('\n');

const hookFindings = (r: ReturnType<typeof rewrite>) => r.findings.filter((f) => f.message.includes("'hook'")).map((f) => `${f.line} ${f.fix}: ${f.message.replace(/^.*?: /, '')}`);

test('declared outside an #if and again inside one: both declarations are manual', () => {
  const r = run(MODULE('static PyObject *hook;\n#if PY_VERSION_HEX < 0x030D0000\nstatic PyObject *hook = NULL;\n#endif'));
  expect(r.refused).toEqual([]);
  expect(hookFindings(r)).toEqual([
    '3 manual: it is declared again under #if PY_VERSION_HEX < 0x030D0000 (line 5), and one state field cannot stand for both',
    '5 manual: it is declared under #if PY_VERSION_HEX < 0x030D0000 and again outside it (line 3), and one state field cannot stand for both',
  ]);
  const after = r.changes[0].after;
  expect(after).toContain('static PyObject *hook;\n#if PY_VERSION_HEX < 0x030D0000\nstatic PyObject *hook = NULL;\n#endif');
  expect(after).toContain('Py_XSETREF(hook, fn);');
  expect(after).toContain('st->other');
});

test('declared twice without an #if: both manual, the extension is not refused', () => {
  const r = run(MODULE('static PyObject *hook;\nstatic PyObject *hook = NULL;'));
  expect(r.refused).toEqual([]);
  expect(hookFindings(r)).toEqual([
    '3 manual: it is declared more than once (again at line 4), and moving a repeated declaration is not automated',
    '4 manual: it is declared more than once (again at line 3), and moving a repeated declaration is not automated',
  ]);
  expect(r.changes[0].after).toContain('Py_XSETREF(hook, fn);');
  // One object declared ahead of its definition: deleting the declaration ahead is no advice (code
  // above the definition may name it).
  const steps = r.findings.filter((f) => f.message.includes("'hook'")).map((f) => f.suggestion ?? '');
  expect(steps.length).toBe(2);
  for (const s of steps) expect(s).toMatch(/one object declared ahead \(line 3\) of its definition \(line 4\)/);
});
