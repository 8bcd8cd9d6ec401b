/* textpad: padding with an error type of its own; common.c is linked into textwrapc too. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "common.h"

static PyObject *WidthError;

static PyObject *
textpad_pad(PyObject *module, PyObject *args)
{
    PyObject *text;
    Py_ssize_t width;

    if (!PyArg_ParseTuple(args, "On", &text, &width))
        return NULL;
    if (width < 0) {
        PyErr_SetString(WidthError, "negative width");
        return NULL;
    }
    return textfmt_pad(text, width, '.');
}

static PyMethodDef textpad_methods[] = {
    {"pad", textpad_pad, METH_VARARGS, "pad(text, width) -> str"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef textpadmodule = {
    PyModuleDef_HEAD_INIT, "textpad", "Padding.", -1, textpad_methods
};

PyMODINIT_FUNC
PyInit_textpad(void)
{
    PyObject *m = PyModule_Create(&textpadmodule);
    if (m == NULL)
        return NULL;
    WidthError = PyErr_NewException("textpad.WidthError", PyExc_ValueError, NULL);
    if (WidthError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(WidthError);
    if (PyModule_AddObject(m, "WidthError", WidthError) < 0) {
        Py_DECREF(WidthError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
