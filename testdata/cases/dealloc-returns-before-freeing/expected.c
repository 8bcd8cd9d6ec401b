/*
 * memo: a cache that calls its factory once per key.  Its dealloc gets out early when the
 * constructor failed before the factory was stored, as pysqlite3's statement cache does.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *factory;
    PyObject *mapping;
    Py_ssize_t misses;
} memo_Cache;

static int
memo_cache_init(memo_Cache *self, PyObject *args, PyObject *kwargs)
{
    PyObject *factory;

    if (!PyArg_ParseTuple(args, "O", &factory))
        return -1;
    if (!PyCallable_Check(factory)) {
        PyErr_SetString(PyExc_TypeError, "factory must be callable");
        return -1;
    }
    self->mapping = PyDict_New();
    if (!self->mapping)
        return -1;
    Py_INCREF(factory);
    self->factory = factory;
    self->misses = 0;
    return 0;
}

static void
memo_cache_dealloc(memo_Cache *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (!self->factory) {
        /* the constructor failed: nothing to release */
        return;
    }

    Py_DECREF(self->factory);
    Py_DECREF(self->mapping);

    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
memo_cache_get(memo_Cache *self, PyObject *key)
{
    PyObject *value = PyDict_GetItemWithError(self->mapping, key);

    if (value) {
        Py_INCREF(value);
        return value;
    }
    if (PyErr_Occurred())
        return NULL;
    value = PyObject_CallOneArg(self->factory, key);
    if (!value)
        return NULL;
    if (PyDict_SetItem(self->mapping, key, value) < 0) {
        Py_DECREF(value);
        return NULL;
    }
    self->misses++;
    return value;
}

static PyObject *
memo_cache_misses(memo_Cache *self, PyObject *unused)
{
    return PyLong_FromSsize_t(self->misses);
}

static PyMethodDef memo_cache_methods[] = {
    {"get", (PyCFunction)memo_cache_get, METH_O, "Return the value for key, made by the factory once."},
    {"misses", (PyCFunction)memo_cache_misses, METH_NOARGS, "How often the factory was called."},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *memo_CacheType; /* was: static PyTypeObject memo_CacheType */
} memo_state;

static inline memo_state *
get_memo_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (memo_state *)state;
}

static int
memo_traverse(PyObject *module, visitproc visit, void *arg)
{
    memo_state *st = get_memo_state(module);
    Py_VISIT(st->memo_CacheType);
    return 0;
}

static int
memo_clear(PyObject *module)
{
    memo_state *st = get_memo_state(module);
    Py_CLEAR(st->memo_CacheType);
    return 0;
}

static void
memo_free(void *module)
{
    (void)memo_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
memo_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
memo_Cache_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot memo_Cache_slots[] = {
    {Py_tp_dealloc, (void *)memo_cache_dealloc},
    {Py_tp_doc, (void *)"Cache(factory): calls factory(key) once per key."},
    {Py_tp_traverse, (void *)memo_Cache_traverse},
    {Py_tp_methods, (void *)memo_cache_methods},
    {Py_tp_init, (void *)memo_cache_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec memo_Cache_spec = {
    .name = "memo.Cache",
    .basicsize = sizeof(memo_Cache),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = memo_Cache_slots,
};

static int memo_exec(PyObject *m);

static PyModuleDef_Slot memo_slots[] = {
    {Py_mod_exec, (void *)memo_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef memo_module = {
    PyModuleDef_HEAD_INIT,
    "memo",
    "A cache that calls its factory once per key.",
    sizeof(memo_state),
    NULL,
    memo_slots,
    memo_traverse,
    memo_clear,
    memo_free,
};

static int
memo_exec(PyObject *m)
{
    memo_state *st = get_memo_state(m);

    if (memo_create_type(m, &memo_Cache_spec, NULL, &st->memo_CacheType, 0) < 0)
        return -1;
    Py_INCREF(st->memo_CacheType);
    if (PyModule_AddObject(m, "Cache", (PyObject *)st->memo_CacheType) < 0) {
        Py_DECREF(st->memo_CacheType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_memo(void)
{
    return PyModuleDef_Init(&memo_module);
}
