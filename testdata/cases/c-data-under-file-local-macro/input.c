#include <Python.h>
#include "counter.h"

static PyObject *
bump(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(counter_bump());
}

static PyObject *
peak(PyObject *self, PyObject *unused)
{
    return PyLong_FromSize_t(counter_peak());
}

static PyObject *
label(PyObject *self, PyObject *unused)
{
    return counter_label();
}

static PyMethodDef tally_methods[] = {
    {"bump", bump, METH_NOARGS, NULL},
    {"peak", peak, METH_NOARGS, NULL},
    {"label", label, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT,
    "tally",
    NULL,
    -1,
    tally_methods
};

PyMODINIT_FUNC
PyInit_tally(void)
{
    return PyModule_Create(&tally_module);
}
