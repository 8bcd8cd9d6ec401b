/* textwrapc: column layout; links common.c as textpad does and keeps its separator cached. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "common.h"

static PyObject *separator;

static PyObject *
textwrapc_columns(PyObject *module, PyObject *args)
{
    PyObject *left, *right, *padded, *joined;
    Py_ssize_t width;

    if (!PyArg_ParseTuple(args, "OOn", &left, &right, &width))
        return NULL;
    padded = textfmt_pad(left, width, ' ');
    if (padded == NULL)
        return NULL;
    joined = PyUnicode_Concat(padded, separator);
    Py_DECREF(padded);
    if (joined == NULL)
        return NULL;
    Py_SETREF(joined, PyUnicode_Concat(joined, right));
    return joined;
}

static PyObject *
textwrapc_width(PyObject *module, PyObject *text)
{
    Py_ssize_t n = textfmt_width(text);
    if (n < 0)
        return NULL;
    return PyLong_FromSsize_t(n);
}

static PyMethodDef textwrapc_methods[] = {
    {"columns", textwrapc_columns, METH_VARARGS, "columns(left, right, width) -> str"},
    {"width", textwrapc_width, METH_O, "width(text) -> int"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef textwrapcmodule = {
    PyModuleDef_HEAD_INIT, "textwrapc", "Columns.", -1, textwrapc_methods
};

PyMODINIT_FUNC
PyInit_textwrapc(void)
{
    PyObject *m = PyModule_Create(&textwrapcmodule);
    if (m == NULL)
        return NULL;
    separator = PyUnicode_FromString(" | ");
    if (separator == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
