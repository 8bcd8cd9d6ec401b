/*
 * linesink: collects text lines and hands them to a file object in batches. A sink that dies
 * with lines still pending flushes them. Errors are io.UnsupportedOperation, looked
 * up from the io module the first time one is raised.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

#define BATCH 8

enum { SINK_OK, SINK_CLOSED, SINK_WRITE_FAILED };

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *unsupported_operation; /* was: static PyObject *unsupported_operation */
    Py_ssize_t lines_flushed;        /* was: static Py_ssize_t lines_flushed */
    PyTypeObject *Sink_Type;         /* was: static PyTypeObject Sink_Type */
} linesink_state;

static struct PyModuleDef linesinkmodule;

static inline linesink_state *
get_linesink_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (linesink_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline linesink_state *
linesink_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &linesinkmodule);
    return module == NULL ? NULL : get_linesink_state(module);
}

/* In a teardown slot: the state of the module that defined `type` or one of its bases, or NULL
 * once that module is gone (the GC clears a type's module before the objects that die with it). */
static inline linesink_state *
linesink_get_state_in_teardown(PyTypeObject *type)
{
    PyTypeObject *base;
    for (base = type; base != NULL; base = base->tp_base) {
        PyObject *module = PyType_HasFeature(base, Py_TPFLAGS_HEAPTYPE)
                           ? ((PyHeapTypeObject *)base)->ht_module : NULL;
        if (module != NULL && PyModule_GetDef(module) == &linesinkmodule)
            return get_linesink_state(module);
    }
    return NULL;
}

static int
linesink_traverse(PyObject *module, visitproc visit, void *arg)
{
    linesink_state *st = get_linesink_state(module);
    Py_VISIT(st->unsupported_operation);
    Py_VISIT(st->Sink_Type);
    return 0;
}

static int
linesink_clear(PyObject *module)
{
    linesink_state *st = get_linesink_state(module);
    Py_CLEAR(st->unsupported_operation);
    Py_CLEAR(st->Sink_Type);
    return 0;
}

static void
linesink_free(void *module)
{
    (void)linesink_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
linesink_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *target;
    PyObject *pending;
    int closed;
} SinkObject;

/* The state of `self`, a SinkObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline linesink_state *
linesink_get_state_of_SinkObject(SinkObject *self)
{
    if (self->module_state == NULL)
        self->module_state = linesink_get_state_by_type(Py_TYPE(self));
    return (linesink_state *)self->module_state;
}

static PyObject *
lookup_unsupported(void)
{
    PyObject *io = PyImport_ImportModule("io");
    PyObject *exc;

    if (io == NULL)
        return NULL;
    exc = PyObject_GetAttrString(io, "UnsupportedOperation");
    Py_DECREF(io);
    return exc;
}

static void
set_sink_error(linesink_state *st, int status)
{
    switch (status) {
    case SINK_CLOSED:
        if (st != NULL && !st->unsupported_operation)
            st->unsupported_operation = lookup_unsupported();
        if (st != NULL && st->unsupported_operation != NULL)
            PyErr_SetString(st->unsupported_operation, "the sink is closed");
        break;
    case SINK_WRITE_FAILED:
        /* The target's exception is already set. */
        break;
    default:
        PyErr_SetString(PyExc_SystemError, "unknown sink status");
        break;
    }
}

static int
sink_flush(linesink_state *st, SinkObject *self)
{
    PyObject *res;
    Py_ssize_t n;

    if (self->closed) {
        set_sink_error(st, SINK_CLOSED);
        return -1;
    }
    n = PyList_GET_SIZE(self->pending);
    if (n == 0)
        return 0;
    res = PyObject_CallMethod(self->target, "writelines", "O", self->pending);
    if (res == NULL) {
        set_sink_error(st, SINK_WRITE_FAILED);
        return -1;
    }
    Py_DECREF(res);
    if (st != NULL)
        st->lines_flushed += n;
    return PyList_SetSlice(self->pending, 0, n, NULL);
}

static PyObject *
Sink_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"target", NULL};
    PyObject *target;
    SinkObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:Sink", kwlist, &target))
        return NULL;
    self = (SinkObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->pending = PyList_New(0);
    if (self->pending == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    Py_INCREF(target);
    self->target = target;
    return (PyObject *)self;
}

static int
Sink_traverse(SinkObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->target);
    Py_VISIT(self->pending);
    return 0;
}

static int
Sink_clear(SinkObject *self)
{
    Py_CLEAR(self->target);
    Py_CLEAR(self->pending);
    return 0;
}

static void
Sink_dealloc(SinkObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    linesink_state *st = linesink_get_state_in_teardown(Py_TYPE(self));
    PyObject *type, *value, *tb;

    PyObject_GC_UnTrack(self);
    /* Lines still pending are written now (the GC clears a sink in a cycle first: nothing left). */
    if (!self->closed && self->pending != NULL && PyList_GET_SIZE(self->pending) > 0) {
        PyErr_Fetch(&type, &value, &tb);
        if (sink_flush(st, self) < 0)
            PyErr_WriteUnraisable(NULL);
        PyErr_Restore(type, value, tb);
    }
    Sink_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Sink_add(SinkObject *self, PyObject *line)
{
    linesink_state *st = linesink_get_state_of_SinkObject(self);

    if (st == NULL)
        return NULL;
    if (self->closed) {
        set_sink_error(st, SINK_CLOSED);
        return NULL;
    }
    if (PyList_Append(self->pending, line) < 0)
        return NULL;
    if (PyList_GET_SIZE(self->pending) >= BATCH && sink_flush(st, self) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
Sink_flush(SinkObject *self, PyObject *Py_UNUSED(ignored))
{
    linesink_state *st = linesink_get_state_of_SinkObject(self);

    if (st == NULL)
        return NULL;
    if (sink_flush(st, self) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
Sink_close(SinkObject *self, PyObject *Py_UNUSED(ignored))
{
    if (!self->closed) {
        linesink_state *st = linesink_get_state_of_SinkObject(self);
        if (st == NULL)
            return NULL;
        if (sink_flush(st, self) < 0)
            return NULL;
        self->closed = 1;
    }
    Py_RETURN_NONE;
}

static PyMethodDef Sink_methods[] = {
    {"add", (PyCFunction)Sink_add, METH_O, "Queue one line."},
    {"flush", (PyCFunction)Sink_flush, METH_NOARGS, "Write the queued lines."},
    {"close", (PyCFunction)Sink_close, METH_NOARGS, "Flush, then refuse more lines."},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Sink_slots[] = {
    {Py_tp_dealloc, (void *)Sink_dealloc},
    {Py_tp_doc, (void *)"Batches lines for a file object."},
    {Py_tp_traverse, (void *)Sink_traverse},
    {Py_tp_clear, (void *)Sink_clear},
    {Py_tp_methods, (void *)Sink_methods},
    {Py_tp_new, (void *)Sink_new},
    {0, NULL},
};

static PyType_Spec Sink_spec = {
    .name = "linesink.Sink",
    .basicsize = sizeof(SinkObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Sink_slots,
};

static PyObject *
linesink_flushed(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    linesink_state *st = get_linesink_state(module);

    return PyLong_FromSsize_t(st->lines_flushed);
}

static PyMethodDef linesink_methods[] = {
    {"flushed", linesink_flushed, METH_NOARGS, "Lines written by all sinks so far."},
    {NULL, NULL, 0, NULL}
};

static int linesink_exec(PyObject *m);

static PyModuleDef_Slot linesink_slots[] = {
    {Py_mod_exec, (void *)linesink_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef linesinkmodule = {
    PyModuleDef_HEAD_INIT,
    "linesink",
    "Batched line writers.",
    sizeof(linesink_state),
    linesink_methods,
    linesink_slots,
    linesink_traverse,
    linesink_clear,
    linesink_free,
};

static int
linesink_exec(PyObject *m)
{
    linesink_state *st = get_linesink_state(m);

    if (linesink_create_type(m, &Sink_spec, NULL, &st->Sink_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Sink_Type);
    if (PyModule_AddObject(m, "Sink", (PyObject *)st->Sink_Type) < 0) {
        Py_DECREF(st->Sink_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_linesink(void)
{
    return PyModuleDef_Init(&linesinkmodule);
}
