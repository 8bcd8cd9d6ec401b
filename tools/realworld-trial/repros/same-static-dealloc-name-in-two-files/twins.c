#include <Python.h>
#include "b.h"

typedef struct {
    PyObject_HEAD
    long n;
} AObject;

static void
obj_dealloc(AObject *self)
{
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject A_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "twins.A",
    .tp_basicsize = sizeof(AObject),
    .tp_dealloc = (destructor)obj_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static PyMethodDef twins_methods[] = {
    {"make_b", make_b, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef twins_module = {
    PyModuleDef_HEAD_INIT, "twins", NULL, -1, twins_methods
};

PyMODINIT_FUNC
PyInit_twins(void)
{
    PyObject *m;
    if (PyType_Ready(&A_Type) < 0)
        return NULL;
    m = PyModule_Create(&twins_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&A_Type);
    if (PyModule_AddObject(m, "A", (PyObject *)&A_Type) < 0) {
        Py_DECREF(&A_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
