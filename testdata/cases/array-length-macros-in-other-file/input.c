/* resultcodes: raise the exception of a library result code. The classes live in codes.c. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "codes.h"

static PyObject *
resultcodes_check(PyObject *module, PyObject *arg)
{
    long code = PyLong_AsLong(arg);

    if (code == -1 && PyErr_Occurred())
        return NULL;
    if (code == RC_OK)
        Py_RETURN_NONE;
    return codes_raise((int)code);
}

static PyMethodDef resultcodes_methods[] = {
    {"check", resultcodes_check, METH_O, "check(code): raise the exception of a result code"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef resultcodes_module = {
    PyModuleDef_HEAD_INIT,
    "resultcodes",
    "Exceptions of a library's result codes.",
    -1,
    resultcodes_methods
};

PyMODINIT_FUNC
PyInit_resultcodes(void)
{
    PyObject *m = PyModule_Create(&resultcodes_module);

    if (m == NULL)
        return NULL;
    if (codes_init(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
