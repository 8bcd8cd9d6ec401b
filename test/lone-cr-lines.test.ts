/**
 * A lone carriage return ends a line, as it does for gcc (classic Mac line ends, or a few stray
 * ones in an LF file): the tool reasons on those lines, and writes its edits into the file's own
 * bytes, so what it does not edit keeps its CRs and files with LF or CRLF ends read as before.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SourceFile, loneCrAsLf } from '../src/core/source';
import { applyRewrite, check, rewrite } from '../src/api';
import { inTempDir } from './helpers/modules';

const MODULE = [
  '#define PY_SSIZE_T_CLEAN',
  '#include <Python.h>',
  '',
  '/* Filled in PyInit_crmod(). */',
  'static PyObject *greeting = NULL;',
  '',
  'static PyObject *',
  'crmod_hello(PyObject *self, PyObject *Py_UNUSED(ignored))',
  '{',
  '    Py_INCREF(greeting);',
  '    return greeting;',
  '}',
  '',
  'static int',
  'crmod_twice(int x)',
  '{',
  '    return 2 * x;',
  '}',
  '',
  'static PyMethodDef crmod_methods[] = {',
  '    {"hello", crmod_hello, METH_NOARGS, NULL},',
  '    {NULL, NULL, 0, NULL}',
  '};',
  '',
  'static struct PyModuleDef crmod_module = {',
  '    PyModuleDef_HEAD_INIT, "crmod", NULL, -1, crmod_methods',
  '};',
  '',
  'PyMODINIT_FUNC',
  'PyInit_crmod(void)',
  '{',
  '    PyObject *m = PyModule_Create(&crmod_module);',
  '    if (m == NULL)',
  '        return NULL;',
  '    greeting = PyUnicode_FromString("hello");',
  '    if (greeting == NULL) {',
  '        Py_DECREF(m);',
  '        return NULL;',
  '    }',
  '    (void)crmod_twice(1);',
  '    return m;',
  '}',
  '',
];

test('the text the tool reads has a line feed for each lone CR, the raw text the bytes', () => {
  const s = new SourceFile('a.c', Buffer.from('int a;\rint b;\r\nint c;\n\r', 'latin1'));
  expect(s.raw).toBe('int a;\rint b;\r\nint c;\n\r');
  expect(s.text).toBe('int a;\nint b;\r\nint c;\n\n');
  expect(s.position(s.text.indexOf('int b')).line).toBe(2);
  expect(s.position(s.text.indexOf('int c')).line).toBe(3);
  // Files with LF or CRLF ends are read exactly as they are.
  for (const t of ['int a;\nint b;\n', 'int a;\r\nint b;\r\n']) expect(loneCrAsLf(t)).toBe(t);
});

test('a module with classic Mac line ends: findings on the lines gcc sees, untouched lines keep their CRs, runs in steps end where one run ends', () => {
  const input = MODULE.join('\r');
  inTempDir((dir) => {
    const one = path.join(dir, 'one');
    const steps = path.join(dir, 'steps');
    for (const d of [one, steps]) {
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'crmod.c'), input, 'latin1');
    }
    const global = check([one]).findings.find((f) => f.message.includes("'greeting'"));
    expect(global?.line).toBe(MODULE.indexOf('static PyObject *greeting = NULL;') + 1);

    const r = rewrite([one]);
    expect(r.refused).toEqual([]);
    expect(r.changes).toHaveLength(1);
    applyRewrite(r);
    const out = fs.readFileSync(path.join(one, 'crmod.c'), 'latin1');
    // A function no transform touches is the same bytes, CRs and all.
    expect(out).toContain(['static int', 'crmod_twice(int x)', '{', '    return 2 * x;', '}'].join('\r'));
    // A second run has nothing left to do.
    expect(rewrite([one]).changes).toEqual([]);

    applyRewrite(rewrite([steps], { select: ['multi-phase-init'] }));
    applyRewrite(rewrite([steps]));
    expect(fs.readFileSync(path.join(steps, 'crmod.c'), 'latin1')).toBe(out);
  }, 'lone-cr');
});
