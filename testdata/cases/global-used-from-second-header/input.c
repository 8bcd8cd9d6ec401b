/*
 * ciset: case-insensitive key helpers. The interned method name lives in
 * defs.h; istr.h, included after it, reads it.
 */
#include "defs.h"
#include "istr.h"

static PyObject *
ciset_fold(PyObject *module, PyObject *key)
{
    return fold_key(key);
}

static PyObject *
ciset_same(PyObject *module, PyObject *args)
{
    PyObject *a, *b, *fa, *fb;
    int eq;

    if (!PyArg_ParseTuple(args, "OO:same", &a, &b))
        return NULL;
    fa = fold_key(a);
    if (fa == NULL)
        return NULL;
    fb = fold_key(b);
    if (fb == NULL) {
        Py_DECREF(fa);
        return NULL;
    }
    eq = PyUnicode_Compare(fa, fb) == 0;
    Py_DECREF(fa);
    Py_DECREF(fb);
    if (eq == 0 && PyErr_Occurred())
        return NULL;
    return PyBool_FromLong(eq);
}

static PyMethodDef ciset_methods[] = {
    {"fold", ciset_fold, METH_O, "Return the folded form of a key."},
    {"same", ciset_same, METH_VARARGS, "Whether two keys fold to the same form."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef ciset_module = {
    PyModuleDef_HEAD_INIT,
    "ciset",
    "Case-insensitive key helpers.",
    -1,
    ciset_methods,
};

PyMODINIT_FUNC
PyInit_ciset(void)
{
    PyObject *m = PyModule_Create(&ciset_module);
    if (m == NULL)
        return NULL;
    str_lower = PyUnicode_InternFromString("lower");
    if (str_lower == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
