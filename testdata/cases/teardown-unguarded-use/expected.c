/*
 * blockpool: handles on fixed-size blocks with a process-wide budget. A handle's dealloc gives
 * its blocks back through a helper that computes what is left in a declaration's initializer:
 * that use cannot be skipped when the module is already gone, so the budget stays where it is.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

static Py_ssize_t blocks_in_use = 0;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    Py_ssize_t blocks_peak;    /* was: static Py_ssize_t blocks_peak */
    PyTypeObject *Handle_Type; /* was: static PyTypeObject Handle_Type */
} blockpool_state;

static inline blockpool_state *
get_blockpool_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (blockpool_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline blockpool_state *
blockpool_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (blockpool_state *)state;
}

static int
blockpool_traverse(PyObject *module, visitproc visit, void *arg)
{
    blockpool_state *st = get_blockpool_state(module);
    Py_VISIT(st->Handle_Type);
    return 0;
}

static int
blockpool_clear(PyObject *module)
{
    blockpool_state *st = get_blockpool_state(module);
    Py_CLEAR(st->Handle_Type);
    return 0;
}

static void
blockpool_free(void *module)
{
    (void)blockpool_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
blockpool_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

typedef struct {
    PyObject_HEAD
    Py_ssize_t nblocks;
} HandleObject;

static Py_ssize_t
give_back(Py_ssize_t n)
{
    Py_ssize_t left = blocks_in_use - n;

    blocks_in_use = left;
    return left;
}

static PyObject *
Handle_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    blockpool_state *st = blockpool_get_state_of_type(type);
    HandleObject *self;
    Py_ssize_t n;

    if (!PyArg_ParseTuple(args, "n:Handle", &n))
        return NULL;
    self = (HandleObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->nblocks = n;
    blocks_in_use += n;
    if (blocks_in_use > st->blocks_peak)
        st->blocks_peak = blocks_in_use;
    return (PyObject *)self;
}

static void
Handle_dealloc(HandleObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    give_back(self->nblocks);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Handle_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Handle_slots[] = {
    {Py_tp_dealloc, (void *)Handle_dealloc},
    {Py_tp_doc, (void *)"Blocks taken from the pool."},
    {Py_tp_traverse, (void *)Handle_traverse},
    {Py_tp_new, (void *)Handle_new},
    {0, NULL},
};

static PyType_Spec Handle_spec = {
    .name = "blockpool.Handle",
    .basicsize = sizeof(HandleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Handle_slots,
};

static PyObject *
blockpool_usage(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    blockpool_state *st = get_blockpool_state(module);

    return Py_BuildValue("nn", blocks_in_use, st->blocks_peak);
}

static PyMethodDef blockpool_methods[] = {
    {"usage", blockpool_usage, METH_NOARGS, "(blocks in use, peak)"},
    {NULL, NULL, 0, NULL}
};

static int blockpool_exec(PyObject *m);

static PyModuleDef_Slot blockpool_slots[] = {
    {Py_mod_exec, (void *)blockpool_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef blockpoolmodule = {
    PyModuleDef_HEAD_INIT,
    "blockpool",
    "Budgeted block handles.",
    sizeof(blockpool_state),
    blockpool_methods,
    blockpool_slots,
    blockpool_traverse,
    blockpool_clear,
    blockpool_free,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int blockpool_loaded_once = 0;

static int
blockpool_exec(PyObject *m)
{
    blockpool_state *st = get_blockpool_state(m);

    if (blockpool_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "blockpool cannot be loaded more than once per process");
        return -1;
    }
    if (blockpool_create_type(m, &Handle_spec, NULL, &st->Handle_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Handle_Type);
    if (PyModule_AddObject(m, "Handle", (PyObject *)st->Handle_Type) < 0) {
        Py_DECREF(st->Handle_Type);
        return -1;
    }
    blockpool_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_blockpool(void)
{
    return PyModuleDef_Init(&blockpoolmodule);
}
