/**
 * A type object declared through an alias of PyTypeObject that a header outside the given files
 * defines (Acquisition: `#define PyExtensionClass PyTypeObject` in ExtensionClass.h, found through
 * its include dirs): a static type as with the header given, not a mutable C static declared twice
 * with advice to delete the forward declaration that code above the definition needs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check, rewrite } from '../src/api';

const HEADER = `#ifndef CLASSLIB_H
#define CLASSLIB_H
#include <Python.h>
#define MyClass PyTypeObject /* the class library's name for a type */
#endif
`;

const MODULE = `#include <Python.h>
#include "classlib/classlib.h"

typedef struct {
    PyObject_HEAD
    PyObject *inner;
} WrapObject;

static MyClass Wrap_Type;

#define isWrap(o) (Py_TYPE(o) == (PyTypeObject *)&Wrap_Type)

static PyObject *
wrap_is(PyObject *self, PyObject *o)
{
    return PyBool_FromLong(isWrap(o));
}

static PyMethodDef fwd_methods[] = {
    {"is_wrap", wrap_is, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static MyClass Wrap_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "fwd.Wrap",
    .tp_basicsize = sizeof(WrapObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef fwd_module = {
    PyModuleDef_HEAD_INIT, "fwd", NULL, -1, fwd_methods
};

PyMODINIT_FUNC
PyInit_fwd(void)
{
    PyObject *m;
    if (PyType_Ready(&Wrap_Type) < 0)
        return NULL;
    m = PyModule_Create(&fwd_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Wrap_Type);
    if (PyModule_AddObject(m, "Wrap", (PyObject *)&Wrap_Type) < 0) {
        Py_DECREF(&Wrap_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
`;

test('an alias of PyTypeObject from a header in an include dir makes a static type, which converts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-outside-alias-'));
  try {
    fs.mkdirSync(path.join(dir, 'include', 'classlib'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'include', 'classlib', 'classlib.h'), HEADER);
    const file = path.join(dir, 'src', 'fwd.c');
    fs.writeFileSync(file, MODULE);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.pyext-isolate]\ninclude-dirs = ["include"]\n');
    const opts = { config: path.join(dir, 'pyproject.toml') };
    const rules = check([file], opts).findings.map((f) => `${f.line} ${f.rule} ${f.fix}`);
    expect(rules).toEqual(expect.arrayContaining(['24 static-type-to-heap/static-type auto']));
    expect(rules.filter((r) => r.includes('mutable-c-static'))).toEqual([]);
    const out = rewrite([file], opts).changes.find((c) => c.path === file)?.after ?? '';
    expect(out).toContain('static PyType_Spec Wrap_spec');
    expect(out).not.toMatch(/static MyClass Wrap_Type/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
