/* errtable: one exception class per result code, made from a generated list. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define N_CODES 8

static PyObject *code_errors[N_CODES];

static int
errtable_add_errors(PyObject *m)
{
    PyObject *exc;

#define add_err(name, code) do {                                        \
    exc = PyErr_NewException("errtable." #name, PyExc_OSError, NULL);   \
    if (exc == NULL)                                                    \
        return -1;                                                      \
    code_errors[code] = exc;                                            \
    Py_INCREF(exc);                                                     \
    if (PyModule_AddObject(m, #name, exc) != 0) {                       \
        Py_DECREF(exc);                                                 \
        return -1;                                                      \
    }                                                                   \
} while (0)

#include "errors_generated.h"

#undef add_err
    return 0;
}

static PyObject *
errtable_raise_code(PyObject *module, PyObject *arg)
{
    long code = PyLong_AsLong(arg);

    if (code == -1 && PyErr_Occurred())
        return NULL;
    if (code > 0 && code < N_CODES && code_errors[code] != NULL)
        PyErr_Format(code_errors[code], "result code %ld", code);
    else
        PyErr_Format(PyExc_OSError, "unknown result code %ld", code);
    return NULL;
}

static PyMethodDef errtable_methods[] = {
    {"raise_code", errtable_raise_code, METH_O, "raise_code(code): raise the exception of a result code"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef errtable_module = {
    PyModuleDef_HEAD_INIT,
    "errtable",
    "Exceptions made from a generated list of result codes.",
    -1,
    errtable_methods
};

PyMODINIT_FUNC
PyInit_errtable(void)
{
    PyObject *m = PyModule_Create(&errtable_module);

    if (m == NULL)
        return NULL;
    if (errtable_add_errors(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
