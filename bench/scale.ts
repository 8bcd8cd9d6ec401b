/**
 * Scale inputs for the bench: one very large file (many small functions that share state, the
 * shape of generated or amalgamated sources) and a very deep directory tree. Their times at two
 * sizes show whether the tool stays linear: the ratio should be close to the size ratio.
 */
import * as fs from 'fs';
import * as path from 'path';

/** A single-phase module of about `bytes` bytes: functions using a global, a helper and each other. */
export function largeModule(bytes: number): string {
  const head = [
    '#define PY_SSIZE_T_CLEAN',
    '#include <Python.h>',
    '',
    'static PyObject *LargeError;',
    'static PyObject *cached_name;',
    '',
    'static PyObject *',
    'large_helper(PyObject *value)',
    '{',
    '    if (value == NULL) {',
    '        PyErr_SetString(LargeError, "no value");',
    '        return NULL;',
    '    }',
    '    Py_INCREF(value);',
    '    return value;',
    '}',
    '',
  ];
  const parts: string[] = [head.join('\n')];
  let size = parts[0].length;
  const names: string[] = [];
  for (let i = 0; size < bytes; i++) {
    const prev = i > 0 ? `f_${i - 1}` : 'large_helper';
    const fn = [
      `static PyObject *`,
      `f_${i}(PyObject *self, PyObject *arg)`,
      `{`,
      `    PyObject *r = ${prev}(arg);`,
      `    if (r == NULL && cached_name != NULL) {`,
      `        PyErr_SetObject(LargeError, cached_name);`,
      `    }`,
      `    return r;`,
      `}`,
      ``,
    ].join('\n');
    parts.push(fn);
    size += fn.length + 1;
    if (i % 50 === 0) names.push(`f_${i}`);
  }
  parts.push('static PyMethodDef large_methods[] = {');
  for (const n of names) parts.push(`    {"${n}", (PyCFunction)${n}, METH_O, NULL},`);
  parts.push('    {NULL, NULL, 0, NULL},', '};', '');
  parts.push('static struct PyModuleDef largemodule = {', '    PyModuleDef_HEAD_INIT, "large", NULL, -1, large_methods,', '};', '');
  parts.push(
    'PyMODINIT_FUNC',
    'PyInit_large(void)',
    '{',
    '    PyObject *m = PyModule_Create(&largemodule);',
    '    if (m == NULL) {',
    '        return NULL;',
    '    }',
    '    LargeError = PyErr_NewException("large.LargeError", NULL, NULL);',
    '    cached_name = PyUnicode_InternFromString("large");',
    '    if (LargeError == NULL || cached_name == NULL) {',
    '        Py_DECREF(m);',
    '        return NULL;',
    '    }',
    '    return m;',
    '}',
    '',
  );
  return parts.join('\n');
}

/** `levels` nested directories under `root`, with one small source at the bottom; returns the bottom. */
export function deepTree(root: string, levels: number): string {
  let dir = root;
  for (let i = 0; i < levels; i++) dir = path.join(dir, 'd');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'leaf.c'), 'static int leaf_count;\nint leaf_get(void) { return leaf_count; }\n');
  return dir;
}

/** Removes a tree made by deepTree (fs.rmSync recurses once per level and runs out of stack). */
export function removeDeepTree(root: string): void {
  const dirs: string[] = [];
  for (let d = root; fs.existsSync(d); d = path.join(d, 'd')) dirs.push(d);
  for (const d of dirs.reverse()) fs.rmSync(d, { recursive: true, force: true });
}
