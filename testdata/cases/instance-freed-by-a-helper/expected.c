/* A type whose objects are made with tp_alloc and, when a helper fails to fill them, freed by that
 * helper with PyObject_Free (not by the dealloc, not in the function that allocated them). */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long *bounds;
    Py_ssize_t count;
} SpanObject;

static PyObject *span_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    return type->tp_alloc(type, 0);
}

static int span_fill(SpanObject *self, Py_ssize_t count)
{
    if (count < 0) {
        PyErr_SetString(PyExc_ValueError, "negative count");
        PyObject_GC_UnTrack(self);
        Py_DECREF(Py_TYPE(self));
        PyObject_GC_Del(self);
        return -1;
    }
    self->bounds = PyMem_Calloc(count + 1, sizeof(long));
    self->count = count;
    return 0;
}

static void span_dealloc(SpanObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    PyMem_Free(self->bounds);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *span_count(SpanObject *self, PyObject *unused)
{
    return PyLong_FromSsize_t(self->count);
}

static PyMethodDef span_methods[] = {
    {"count", (PyCFunction)span_count, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Span_Type; /* was: static PyTypeObject Span_Type */
} spans_state;

static inline spans_state *get_spans_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (spans_state *)state;
}

static int spans_traverse(PyObject *module, visitproc visit, void *arg)
{
    spans_state *st = get_spans_state(module);
    Py_VISIT(st->Span_Type);
    return 0;
}

static int spans_clear(PyObject *module)
{
    spans_state *st = get_spans_state(module);
    Py_CLEAR(st->Span_Type);
    return 0;
}

static void spans_free(void *module)
{
    (void)spans_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int spans_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                             PyTypeObject **type, int disallow_new)
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
static int Span_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Span_slots[] = {
    {Py_tp_dealloc, (void *)span_dealloc},
    {Py_tp_traverse, (void *)Span_traverse},
    {Py_tp_methods, (void *)span_methods},
    {Py_tp_new, (void *)span_new},
    {0, NULL},
};

static PyType_Spec Span_spec = {
    .name = "spans.Span",
    .basicsize = sizeof(SpanObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Span_slots,
};

static PyObject *make(PyObject *module, PyObject *arg)
{
    spans_state *st = get_spans_state(module);
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    PyObject *self;

    if (n == -1 && PyErr_Occurred())
        return NULL;
    self = span_new(st->Span_Type, NULL, NULL);
    if (self == NULL)
        return NULL;
    if (span_fill((SpanObject *)self, n) < 0)
        return NULL;
    return self;
}

static PyMethodDef module_methods[] = {
    {"make", make, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static int spans_exec(PyObject *m);

static PyModuleDef_Slot spans_slots[] = {
    {Py_mod_exec, (void *)spans_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef spans_module = {
    PyModuleDef_HEAD_INIT, "spans", NULL, sizeof(spans_state), module_methods,
    spans_slots,
    spans_traverse,
    spans_clear,
    spans_free
};

static int spans_exec(PyObject *m)
{
    spans_state *st = get_spans_state(m);

    if (spans_create_type(m, &Span_spec, NULL, &st->Span_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Span_Type);
    if (PyModule_AddObject(m, "Span", (PyObject *)st->Span_Type) < 0) {
        Py_DECREF(st->Span_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC PyInit_spans(void)
{
    return PyModuleDef_Init(&spans_module);
}
