/* fracmod: one translation unit made of this file and util.c, which it #includes (apsw shape):
 * the helper's cache is reached through its caller here. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "util.c"

static PyObject *
fracmod_half(PyObject *module, PyObject *num)
{
    PyObject *two = PyLong_FromLong(2), *res;
    if (two == NULL)
        return NULL;
    res = make_fraction(num, two);
    Py_DECREF(two);
    return res;
}

static PyMethodDef fracmod_methods[] = {
    {"half", fracmod_half, METH_O, "half(n) -> Fraction(n, 2)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fracmodmodule = {
    PyModuleDef_HEAD_INIT, "fracmod", NULL, -1, fracmod_methods
};

PyMODINIT_FUNC
PyInit_fracmod(void)
{
    return PyModule_Create(&fracmodmodule);
}
