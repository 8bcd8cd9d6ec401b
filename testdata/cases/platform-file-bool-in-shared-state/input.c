/* A counter kept by a helper file, and a flag kept by a file only macOS builds compile
 * (bool from <stdbool.h>): both move into the shared state header, which must include what its
 * fields' types need (it included only Python.h, and the other files no longer compiled). */
#include <Python.h>
#include "ticks.h"

static PyObject *
advance(PyObject *self, PyObject *arg)
{
    long by = PyLong_AsLong(arg);
    if (by == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(ticks_advance((int)by));
}

static PyMethodDef tick_methods[] = {
    {"advance", advance, METH_O, "add to the counter and return it"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tickmodule = {
    PyModuleDef_HEAD_INIT, "tickmod", NULL, -1, tick_methods
};

PyMODINIT_FUNC
PyInit_tickmod(void)
{
    return PyModule_Create(&tickmodule);
}
