/* A module ported to Python 3 with portcompat.h: MOD_DECL declares the def inside the init,
 * MOD_DEF creates the module from it a few statements later, and the init readies a static
 * type in between. */
#include <Python.h>
#include "portcompat.h"

typedef struct {
    PyObject_HEAD
    long total;
    long count;
} TallyObject;

static int
Tally_init(TallyObject *self, PyObject *args, PyObject *kwds)
{
    long start = 0;
    if (!PyArg_ParseTuple(args, "|l", &start))
        return -1;
    self->total = start;
    self->count = 0;
    return 0;
}

static PyObject *
Tally_add(TallyObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    self->total += v;
    self->count++;
    Py_RETURN_NONE;
}

static PyObject *
Tally_mean(TallyObject *self, PyObject *unused)
{
    if (self->count == 0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "no values yet");
        return NULL;
    }
    return PyFloat_FromDouble((double)self->total / self->count);
}

static PyMethodDef Tally_methods[] = {
    {"add", (PyCFunction)Tally_add, METH_O, "Add a value."},
    {"mean", (PyCFunction)Tally_mean, METH_NOARGS, "The mean of the values added."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject TallyType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "tallies.Tally",                 /* tp_name */
    sizeof(TallyObject),             /* tp_basicsize */
    0,                               /* tp_itemsize */
    0,                               /* tp_dealloc */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, /* tp_flags */
    "A running total and count.",    /* tp_doc */
    0, 0, 0, 0, 0, 0,
    Tally_methods,                   /* tp_methods */
    0, 0, 0, 0, 0, 0, 0,
    (initproc)Tally_init,            /* tp_init */
    0,                               /* tp_alloc */
    PyType_GenericNew,               /* tp_new */
};

static PyObject *
tallies_sum(PyObject *self, PyObject *seq)
{
    long total = 0;
    PyObject *it = PyObject_GetIter(seq), *item;
    if (it == NULL)
        return NULL;
    while ((item = PyIter_Next(it)) != NULL) {
        total += PyLong_AsLong(item);
        Py_DECREF(item);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(total);
}

static PyMethodDef tallies_methods[] = {
    {"sum", tallies_sum, METH_O, "The sum of an iterable of ints."},
    {NULL, NULL, 0, NULL}
};

MOD_INIT(tallies) {
    PyObject *m;
    MOD_DECL(m, "tallies",
        "Running tallies.",
        tallies_methods);

    if (PyType_Ready(&TallyType) < 0)
        RETURN_MOD_INIT_ERROR;

    MOD_DEF(m);
    if (m == NULL)
        RETURN_MOD_INIT_ERROR;

    Py_INCREF(&TallyType);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&TallyType) < 0) {
        Py_DECREF(&TallyType);
        Py_DECREF(m);
        RETURN_MOD_INIT_ERROR;
    }
    RETURN_MOD_INIT_SUCCESS(m);
}
