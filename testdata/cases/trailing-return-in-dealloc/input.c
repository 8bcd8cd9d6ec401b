/* Two cell types whose deallocs end with a plain `return;`: one as the body's last statement, one
 * as the last statement of a block that ends the body. Neither is an early exit. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *value;
} CellObject;

static void
Cell_dealloc(CellObject *self)
{
    Py_XDECREF(self->value);
    Py_TYPE(self)->tp_free((PyObject *)self);
    return;
}

static void
Pair_dealloc(CellObject *self)
{
    Py_CLEAR(self->value);
    {
        PyTypeObject *own = Py_TYPE(self);
        own->tp_free((PyObject *)self);
        return; /* done */
    }
}

static PyObject *
Cell_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *value = Py_None;
    CellObject *self;
    if (!PyArg_ParseTuple(args, "|O", &value))
        return NULL;
    self = (CellObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(value);
    self->value = value;
    return (PyObject *)self;
}

static PyObject *
Cell_get(CellObject *self, PyObject *Py_UNUSED(ignored))
{
    Py_INCREF(self->value);
    return self->value;
}

static PyMethodDef Cell_methods[] = {
    {"get", (PyCFunction)Cell_get, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Cell_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cells.Cell",
    .tp_basicsize = sizeof(CellObject),
    .tp_dealloc = (destructor)Cell_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Cell_methods,
    .tp_new = Cell_new,
};

static PyTypeObject Pair_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cells.Pair",
    .tp_basicsize = sizeof(CellObject),
    .tp_dealloc = (destructor)Pair_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Cell_methods,
    .tp_new = Cell_new,
};

static struct PyModuleDef cells_module = {
    PyModuleDef_HEAD_INIT, "cells", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_cells(void)
{
    PyObject *m;
    if (PyType_Ready(&Cell_Type) < 0 || PyType_Ready(&Pair_Type) < 0)
        return NULL;
    m = PyModule_Create(&cells_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Cell_Type);
    if (PyModule_AddObject(m, "Cell", (PyObject *)&Cell_Type) < 0) {
        Py_DECREF(&Cell_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Pair_Type);
    if (PyModule_AddObject(m, "Pair", (PyObject *)&Pair_Type) < 0) {
        Py_DECREF(&Pair_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
