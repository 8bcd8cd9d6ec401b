/* Linked cells with a consistency check that debug builds run through a macro
 * defined once per #if branch (compiled out under NDEBUG). */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct CellObject {
    PyObject_HEAD
    PyObject *value;
    struct CellObject *next;
} CellObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Cell_Type; /* was: static PyTypeObject Cell_Type */
} chainmod_state;

static inline chainmod_state *
get_chainmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (chainmod_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be
 * subclassed. */
static inline chainmod_state *
chainmod_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (chainmod_state *)state;
}

static int
chainmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    chainmod_state *st = get_chainmod_state(module);
    Py_VISIT(st->Cell_Type);
    return 0;
}

static int
chainmod_clear(PyObject *module)
{
    chainmod_state *st = get_chainmod_state(module);
    Py_CLEAR(st->Cell_Type);
    return 0;
}

static void
chainmod_free(void *module)
{
    (void)chainmod_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
chainmod_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                     PyTypeObject **type, int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL) {
            return -1;
        }
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the
             * type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
        (*type)->tp_new = NULL;
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

#define IS_CELL(st, o) (Py_TYPE(o) == st->Cell_Type)

#ifndef NDEBUG
static void
cell_validate(chainmod_state *st, void *o)
{
    CellObject *c = (CellObject *)o;

    assert(IS_CELL(st, o));
    assert(c->next == NULL || IS_CELL(st, c->next));
    (void)c;
}
#define VALIDATE_CELL(st, c) do { cell_validate(st, c); } while (0)
#else
#define VALIDATE_CELL(st, c)
#endif

static PyObject *
cell_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
#ifndef NDEBUG
    chainmod_state *st = chainmod_get_state_of_type(type);
#endif
    PyObject *value;
    CellObject *next = NULL;
    CellObject *self;

    if (!PyArg_ParseTuple(args, "O|O!", &value, type, &next)) {
        return NULL;
    }
    self = (CellObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    Py_INCREF(value);
    self->value = value;
    Py_XINCREF(next);
    self->next = next;
    VALIDATE_CELL(st, self);
    return (PyObject *)self;
}

static void
cell_dealloc(CellObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->value);
    Py_XDECREF(self->next);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
cell_length(CellObject *self, PyObject *unused)
{
#ifndef NDEBUG
    chainmod_state *st = chainmod_get_state_of_type(Py_TYPE(self));
#endif
    Py_ssize_t n = 0;
    CellObject *c;

    for (c = self; c != NULL; c = c->next) {
        VALIDATE_CELL(st, c);
        n++;
    }
    return PyLong_FromSsize_t(n);
}

static PyObject *
cell_get_value(CellObject *self, void *closure)
{
    Py_INCREF(self->value);
    return self->value;
}

static PyMethodDef cell_methods[] = {
    {"length", (PyCFunction)cell_length, METH_NOARGS, "Cells from here to the end."},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef cell_getset[] = {
    {"value", (getter)cell_get_value, NULL, "The cell's value.", NULL},
    {NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
Cell_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Cell_slots[] = {
    {Py_tp_dealloc, (void *)cell_dealloc},
    {Py_tp_traverse, (void *)Cell_traverse},
    {Py_tp_methods, (void *)cell_methods},
    {Py_tp_getset, (void *)cell_getset},
    {Py_tp_new, (void *)cell_new},
    {0, NULL},
};

static PyType_Spec Cell_spec = {
    .name = "chainmod.Cell",
    .basicsize = sizeof(CellObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Cell_slots,
};

static int chainmod_exec(PyObject *m);

static PyModuleDef_Slot chainmod_slots[] = {
    {Py_mod_exec, (void *)chainmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef chainmod_module = {
    PyModuleDef_HEAD_INIT,
    "chainmod",
    "Linked cells.",
    sizeof(chainmod_state),
    NULL,
    chainmod_slots,
    chainmod_traverse,
    chainmod_clear,
    chainmod_free,
};

static int
chainmod_exec(PyObject *m)
{
    chainmod_state *st = get_chainmod_state(m);

    if (chainmod_create_type(m, &Cell_spec, NULL, &st->Cell_Type, 0) < 0) {
        return -1;
    }
    Py_INCREF(st->Cell_Type);
    if (PyModule_AddObject(m, "Cell", (PyObject *)st->Cell_Type) < 0) {
        Py_DECREF(st->Cell_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_chainmod(void)
{
    return PyModuleDef_Init(&chainmod_module);
}
