/**
 * A file whose #if groups do not nest (a group no #endif closes, an #endif or #else without its
 * #if, a second #else) is rejected by the compiler, and the parse reads the functions inside such
 * a group as something else: the tool wrote the slots table into a function body there, and one run
 * and a run in steps disagreed (fuzz fz16c-1:9112). Nothing of the extension is rewritten.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rewrite } from '../src/api';
import { inTempDir } from './helpers/modules';

const moduleWith = (body: string): string => `#include <Python.h>

static PyObject *ready_str;

static PyObject *
cond_version(PyObject *self, PyObject *args)
{
${body}
}

static PyMethodDef cond_methods[] = {
    {"version", cond_version, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef cond_module = {
    PyModuleDef_HEAD_INIT, "cond", NULL, -1, cond_methods
};

PyMODINIT_FUNC
PyInit_cond(void)
{
    PyObject *m = PyModule_Create(&cond_module);
    if (m == NULL)
        return NULL;
    ready_str = PyUnicode_InternFromString("ready");
    return m;
}
`;

const BALANCED = `#ifdef WITH_NEW
    return PyLong_FromLong(2);
#else
    return PyLong_FromLong(1);
#endif`;

test.each([
  ['a group no #endif closes', BALANCED.replace('#endif', ''), /a conditional group that no #endif closes \(line 8\)/],
  ['an #else without its #if', BALANCED.replace('#ifdef WITH_NEW', ''), /#else without its #if \(line 10\)/],
  ['a second #else', BALANCED.replace('#endif', '#else\n    return NULL;\n#endif'), /#else after the #else of its group \(line 12\)/],
])('%s: the extension is refused whole, with the line', (_what, body, reason) => {
  inTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'cond.c'), moduleWith(body));
    const r = rewrite([dir]);
    expect(r.changes).toEqual([]);
    expect(r.refused.map((x) => path.basename(x.path))).toEqual(['cond.c']);
    expect(r.refused[0].reason).toMatch(reason);
    expect(r.refused[0].reason).toMatch(/the compiler rejects the file; the extension is left untouched/);
  }, 'unbalanced-conditional');
});

test('balanced groups convert as usual', () => {
  inTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'cond.c'), moduleWith(BALANCED));
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    expect(r.changes.map((c) => path.basename(c.path))).toEqual(['cond.c']);
  }, 'unbalanced-conditional');
});
