#include "counter.h"

long calls = 0;

static PyObject *
count(PyObject *self, PyObject *unused)
{
    calls++;
    return PyLong_FromLong(calls);
}

static PyMethodDef methods[] = {
    {"count", count, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tentmod_module = {
    PyModuleDef_HEAD_INIT, "tentmod", NULL, -1, methods
};

PyMODINIT_FUNC
PyInit_tentmod(void)
{
    return PyModule_Create(&tentmod_module);
}
