/* A positional type initializer written for Pythons with and without tp_finalize: its flags and its
 * trailing fields sit under #ifdef Py_TPFLAGS_HAVE_FINALIZE, which every supported Python defines
 * (3.4+). Only that branch is ever compiled, so the type converts with its finalizer. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    int closed;
} HandleObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    int finalized;             /* was: static int finalized */
    PyTypeObject *Handle_Type; /* was: static PyTypeObject Handle_Type */
} handles_state;

static struct PyModuleDef handles_module;

static inline handles_state *
get_handles_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (handles_state *)state;
}

/* In a teardown slot: the state of the module that defined `type` or one of its bases, or NULL
 * once that module is gone (the GC clears a type's module before the objects that die with it). */
static inline handles_state *
handles_get_state_in_teardown(PyTypeObject *type)
{
    PyTypeObject *base;
    for (base = type; base != NULL; base = base->tp_base) {
        PyObject *module = PyType_HasFeature(base, Py_TPFLAGS_HEAPTYPE)
                           ? ((PyHeapTypeObject *)base)->ht_module : NULL;
        if (module != NULL && PyModule_GetDef(module) == &handles_module)
            return get_handles_state(module);
    }
    return NULL;
}

static int
handles_traverse(PyObject *module, visitproc visit, void *arg)
{
    handles_state *st = get_handles_state(module);
    Py_VISIT(st->Handle_Type);
    return 0;
}

static int
handles_clear(PyObject *module)
{
    handles_state *st = get_handles_state(module);
    Py_CLEAR(st->Handle_Type);
    return 0;
}

static void
handles_free(void *module)
{
    (void)handles_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
handles_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static void
handle_finalize(PyObject *self)
{
    handles_state *st = handles_get_state_in_teardown(Py_TYPE(self));
    if (((HandleObject *)self)->closed)
        return;
    ((HandleObject *)self)->closed = 1;
    if (st != NULL)
        st->finalized++;
}

static PyObject *
handle_finalized(PyObject *module, PyObject *unused)
{
    handles_state *st = get_handles_state(module);
    return PyLong_FromLong(st->finalized);
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
    {Py_tp_doc, (void *)"A handle that notes its finalization."},
    {Py_tp_traverse, (void *)Handle_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {Py_tp_finalize, (void *)handle_finalize},
    {0, NULL},
};

static PyType_Spec Handle_spec = {
    .name = "handles.Handle",
    .basicsize = sizeof(HandleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT
#ifdef Py_TPFLAGS_HAVE_FINALIZE
        | Py_TPFLAGS_HAVE_FINALIZE
#endif
        | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Handle_slots,
};

static PyMethodDef handles_methods[] = {
    {"finalized", handle_finalized, METH_NOARGS, "How many handles were finalized."},
    {NULL, NULL, 0, NULL}
};

static int handles_exec(PyObject *m);

static PyModuleDef_Slot handles_slots[] = {
    {Py_mod_exec, (void *)handles_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef handles_module = {
    PyModuleDef_HEAD_INIT, "handles", NULL, sizeof(handles_state), handles_methods,
    handles_slots,
    handles_traverse,
    handles_clear,
    handles_free
};

static int
handles_exec(PyObject *m)
{
    handles_state *st = get_handles_state(m);

    if (handles_create_type(m, &Handle_spec, NULL, &st->Handle_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Handle_Type);
    if (PyModule_AddObject(m, "Handle", (PyObject *)st->Handle_Type) < 0) {
        Py_DECREF(st->Handle_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_handles(void)
{
    return PyModuleDef_Init(&handles_module);
}
