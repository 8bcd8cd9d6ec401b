/*
 * codes: one exception class per error code of a C library.  The list of
 * codes is printed by a script into codes_list.h, a file of add_err() lines
 * that the helper below includes in its body.
 */
#include <Python.h>

#define CODE_COUNT 4

static PyObject *errors[CODE_COUNT];

#define add_err(n, name) do { \
    errors[n] = PyErr_NewException("codes." name, PyExc_RuntimeError, NULL); \
    if (errors[n] == NULL) \
        return -1; \
    Py_INCREF(errors[n]); \
    if (PyModule_AddObject(m, name, errors[n]) < 0) { \
        Py_DECREF(errors[n]); \
        return -1; \
    } \
} while (0)

static PyObject *
codes_raise_code(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);

    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 0 || n >= CODE_COUNT) {
        PyErr_SetString(PyExc_ValueError, "no such code");
        return NULL;
    }
    PyErr_Format(errors[n], "error code %ld", n);
    return NULL;
}

static PyMethodDef codes_methods[] = {
    {"raise_code", codes_raise_code, METH_O, "raise_code(n): raise the exception of code n"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef codes_module = {
    PyModuleDef_HEAD_INIT,
    "codes",
    NULL,
    -1,
    codes_methods
};

static int
codes_add_errors(PyObject *m)
{
#include "codes_list.h"
    return 0;
}

PyMODINIT_FUNC
PyInit_codes(void)
{
    PyObject *m = PyModule_Create(&codes_module);

    if (m == NULL)
        return NULL;
    if (codes_add_errors(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
