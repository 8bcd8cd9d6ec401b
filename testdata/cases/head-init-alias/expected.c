/* A project that spells the type-object head with its own macros, as extensions that once
 * supported Python 2 and 3 from one source do: one object-like, one function-like. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

#define COUNTER_HEAD_INIT PyVarObject_HEAD_INIT(NULL, 0)
#define TYPE_HEAD(meta) PyVarObject_HEAD_INIT(meta, 0)

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

static PyObject *
Counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    CounterObject *self = (CounterObject *)type->tp_alloc(type, 0);
    if (self != NULL)
        self->count = 0;
    return (PyObject *)self;
}

static void
Counter_dealloc(CounterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Counter_incr(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Counter_methods[] = {
    {"incr", (PyCFunction)Counter_incr, METH_NOARGS, "Add one and return the count."},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *CounterType; /* was: static PyTypeObject CounterType */
    PyTypeObject *MarkerType;  /* was: static PyTypeObject MarkerType */
} aliashead_state;

static inline aliashead_state *
get_aliashead_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (aliashead_state *)state;
}

static int
aliashead_traverse(PyObject *module, visitproc visit, void *arg)
{
    aliashead_state *st = get_aliashead_state(module);
    Py_VISIT(st->CounterType);
    Py_VISIT(st->MarkerType);
    return 0;
}

static int
aliashead_clear(PyObject *module)
{
    aliashead_state *st = get_aliashead_state(module);
    Py_CLEAR(st->CounterType);
    Py_CLEAR(st->MarkerType);
    return 0;
}

static void
aliashead_free(void *module)
{
    (void)aliashead_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
aliashead_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Counter_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Counter_slots[] = {
    {Py_tp_dealloc, (void *)Counter_dealloc},
    {Py_tp_doc, (void *)"A counter."},
    {Py_tp_traverse, (void *)Counter_traverse},
    {Py_tp_methods, (void *)Counter_methods},
    {Py_tp_new, (void *)Counter_new},
    {0, NULL},
};

static PyType_Spec Counter_spec = {
    .name = "aliashead.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Marker_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Marker_slots[] = {
    {Py_tp_doc, (void *)"A marker that cannot be created from Python."},
    {Py_tp_traverse, (void *)Marker_traverse},
    {0, NULL},
};

static PyType_Spec Marker_spec = {
    .name = "aliashead.Marker",
    .basicsize = sizeof(PyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Marker_slots,
};

static int aliashead_exec(PyObject *m);

static PyModuleDef_Slot aliashead_slots[] = {
    {Py_mod_exec, (void *)aliashead_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef aliashead_module = {
    PyModuleDef_HEAD_INIT,
    "aliashead",
    "Types whose head-init macro is the project's own.",
    sizeof(aliashead_state),
    NULL,
    aliashead_slots,
    aliashead_traverse,
    aliashead_clear,
    aliashead_free,
};

static int
aliashead_exec(PyObject *m)
{
    aliashead_state *st = get_aliashead_state(m);

    if (aliashead_create_type(m, &Counter_spec, NULL, &st->CounterType, 0) < 0)
        return -1;
    if (aliashead_create_type(m, &Marker_spec, NULL, &st->MarkerType, 1) < 0)
        return -1;
    Py_INCREF(st->CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)st->CounterType) < 0) {
        Py_DECREF(st->CounterType);
        return -1;
    }
    Py_INCREF(st->MarkerType);
    if (PyModule_AddObject(m, "Marker", (PyObject *)st->MarkerType) < 0) {
        Py_DECREF(st->MarkerType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_aliashead(void)
{
    return PyModuleDef_Init(&aliashead_module);
}
