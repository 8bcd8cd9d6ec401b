/* verify fixture for the cost report: a small single-phase module with a function, a method and a
   target that a test or bench/cost-check.ts can slow down on purpose (VCOST_DELAY iterations of a
   busy loop; a copy of this file with a larger value is "the build after" of a known slowdown). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifndef VCOST_DELAY
#define VCOST_DELAY 0
#endif

static PyObject *
vcost_add(PyObject *module, PyObject *args)
{
    long a, b;
    if (!PyArg_ParseTuple(args, "ll:add", &a, &b))
        return NULL;
    return PyLong_FromLong(a + b);
}

static PyObject *
vcost_target(PyObject *module, PyObject *unused)
{
    volatile long i;
    for (i = 0; i < VCOST_DELAY; i++)
        ;
    Py_RETURN_NONE;
}

typedef struct {
    PyObject_HEAD
    long first;
    long second;
} PairObject;

static int
Pair_init(PairObject *self, PyObject *args, PyObject *kwds)
{
    if (!PyArg_ParseTuple(args, "ll:Pair", &self->first, &self->second))
        return -1;
    return 0;
}

static PyObject *
Pair_swap(PairObject *self, PyObject *unused)
{
    long t = self->first;
    self->first = self->second;
    self->second = t;
    Py_RETURN_NONE;
}

static PyMethodDef Pair_methods[] = {
    {"swap", (PyCFunction)Pair_swap, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Pair_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "vcost.Pair",
    .tp_basicsize = sizeof(PairObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Pair_init,
    .tp_methods = Pair_methods,
};

static PyMethodDef vcost_methods[] = {
    {"add", vcost_add, METH_VARARGS, NULL},
    {"target", vcost_target, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef vcost_module = {
    PyModuleDef_HEAD_INIT, "vcost", NULL, -1, vcost_methods,
};

PyMODINIT_FUNC
PyInit_vcost(void)
{
    PyObject *m;
    if (PyType_Ready(&Pair_Type) < 0)
        return NULL;
    m = PyModule_Create(&vcost_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Pair_Type);
    if (PyModule_AddObject(m, "Pair", (PyObject *)&Pair_Type) < 0) {
        Py_DECREF(&Pair_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
