/* Two cell types whose deallocs end with a plain `return;`: one as the body's last statement, one
 * as the last statement of a block that ends the body. Neither is an early exit. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *value;
} CellObject;

static void
Cell_dealloc(CellObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->value);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
    return;
}

static void
Pair_dealloc(CellObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->value);
    {
        PyTypeObject *own = Py_TYPE(self);
        own->tp_free((PyObject *)self);
        Py_DECREF(tp);
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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Cell_Type; /* was: static PyTypeObject Cell_Type */
    PyTypeObject *Pair_Type; /* was: static PyTypeObject Pair_Type */
} cells_state;

static inline cells_state *
get_cells_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (cells_state *)state;
}

static int
cells_traverse(PyObject *module, visitproc visit, void *arg)
{
    cells_state *st = get_cells_state(module);
    Py_VISIT(st->Cell_Type);
    Py_VISIT(st->Pair_Type);
    return 0;
}

static int
cells_clear(PyObject *module)
{
    cells_state *st = get_cells_state(module);
    Py_CLEAR(st->Cell_Type);
    Py_CLEAR(st->Pair_Type);
    return 0;
}

static void
cells_free(void *module)
{
    (void)cells_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
cells_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                  int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Cell_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Cell_slots[] = {
    {Py_tp_dealloc, (void *)Cell_dealloc},
    {Py_tp_traverse, (void *)Cell_traverse},
    {Py_tp_methods, (void *)Cell_methods},
    {Py_tp_new, (void *)Cell_new},
    {0, NULL},
};

static PyType_Spec Cell_spec = {
    .name = "cells.Cell",
    .basicsize = sizeof(CellObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Cell_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Pair_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Pair_slots[] = {
    {Py_tp_dealloc, (void *)Pair_dealloc},
    {Py_tp_traverse, (void *)Pair_traverse},
    {Py_tp_methods, (void *)Cell_methods},
    {Py_tp_new, (void *)Cell_new},
    {0, NULL},
};

static PyType_Spec Pair_spec = {
    .name = "cells.Pair",
    .basicsize = sizeof(CellObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Pair_slots,
};

static int cells_exec(PyObject *m);

static PyModuleDef_Slot cells_slots[] = {
    {Py_mod_exec, (void *)cells_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef cells_module = {
    PyModuleDef_HEAD_INIT, "cells", NULL, sizeof(cells_state), NULL,
    cells_slots,
    cells_traverse,
    cells_clear,
    cells_free
};

static int
cells_exec(PyObject *m)
{
    cells_state *st = get_cells_state(m);
    if (cells_create_type(m, &Cell_spec, NULL, &st->Cell_Type, 0) < 0 || cells_create_type(m, &Pair_spec, NULL, &st->Pair_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Cell_Type);
    if (PyModule_AddObject(m, "Cell", (PyObject *)st->Cell_Type) < 0) {
        Py_DECREF(st->Cell_Type);
        return -1;
    }
    Py_INCREF(st->Pair_Type);
    if (PyModule_AddObject(m, "Pair", (PyObject *)st->Pair_Type) < 0) {
        Py_DECREF(st->Pair_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_cells(void)
{
    return PyModuleDef_Init(&cells_module);
}
