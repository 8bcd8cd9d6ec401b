/*
 * events: an Emitter calls the on_<kind>() methods its subclasses define. The entry point of
 * each argument-less event kind is defined by a macro, and each caches its handler's name and
 * numbers its calls in function-level statics of its own (one per expansion). The one-argument
 * event is written out.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    long last_seq;
} EmitterObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *EventError;      /* was: static PyObject *EventError */
    PyTypeObject *EmitterType; /* was: static PyTypeObject EmitterType */
} events_state;

static struct PyModuleDef eventsmodule;

static inline events_state *
get_events_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (events_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline events_state *
events_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &eventsmodule);
    return module == NULL ? NULL : get_events_state(module);
}

/* The state of `self`, a EmitterObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline events_state *
events_get_state_of_EmitterObject(EmitterObject *self)
{
    if (self->module_state == NULL)
        self->module_state = events_get_state_by_type(Py_TYPE(self));
    return (events_state *)self->module_state;
}

static int
events_traverse(PyObject *module, visitproc visit, void *arg)
{
    events_state *st = get_events_state(module);
    Py_VISIT(st->EventError);
    Py_VISIT(st->EmitterType);
    return 0;
}

static int
events_clear(PyObject *module)
{
    events_state *st = get_events_state(module);
    Py_CLEAR(st->EventError);
    Py_CLEAR(st->EmitterType);
    return 0;
}

static void
events_free(void *module)
{
    (void)events_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
events_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static PyObject *
call_handler(EmitterObject *self, PyObject *name, PyObject *arg)
{
    PyObject *res;

    if (arg == NULL)
        res = PyObject_CallMethodObjArgs((PyObject *)self, name, NULL);
    else
        res = PyObject_CallMethodObjArgs((PyObject *)self, name, arg, NULL);
    if (res == NULL)
        return NULL;
    if (res == Py_False) {
        events_state *st = events_get_state_of_EmitterObject(self);
        if (st == NULL)
            return NULL;
        Py_DECREF(res);
        PyErr_Format(st->EventError, "handler %S refused the event", name);
        return NULL;
    }
    return res;
}

#define EVENT_NOARG(kind) \
static PyObject * \
emit_ ## kind(EmitterObject *self, PyObject *unused) \
{ \
    static PyObject *name = NULL; \
    static long seq = 0; \
    if (name == NULL) { \
        name = PyUnicode_InternFromString("on_" #kind); \
        if (name == NULL) \
            return NULL; \
    } \
    self->last_seq = ++seq; \
    return call_handler(self, name, NULL); \
}

EVENT_NOARG(start)
EVENT_NOARG(stop)

static PyObject *
emit_data(EmitterObject *self, PyObject *arg)
{
    PyObject *name, *res;

    name = PyUnicode_FromString("on_data");
    if (name == NULL)
        return NULL;
    res = call_handler(self, name, arg);
    Py_DECREF(name);
    return res;
}

static PyObject *
emitter_last_seq(EmitterObject *self, void *closure)
{
    return PyLong_FromLong(self->last_seq);
}

static PyMethodDef emitter_methods[] = {
    {"start", (PyCFunction)emit_start, METH_NOARGS, NULL},
    {"stop", (PyCFunction)emit_stop, METH_NOARGS, NULL},
    {"data", (PyCFunction)emit_data, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef emitter_getset[] = {
    {"last_seq", (getter)emitter_last_seq, NULL, NULL, NULL},
    {NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Emitter_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Emitter_slots[] = {
    {Py_tp_traverse, (void *)Emitter_traverse},
    {Py_tp_methods, (void *)emitter_methods},
    {Py_tp_getset, (void *)emitter_getset},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Emitter_spec = {
    .name = "events.Emitter",
    .basicsize = sizeof(EmitterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Emitter_slots,
};

static int events_exec(PyObject *m);

static PyModuleDef_Slot events_slots[] = {
    {Py_mod_exec, (void *)events_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef eventsmodule = {
    PyModuleDef_HEAD_INIT,
    "events",
    NULL,
    sizeof(events_state),
    NULL,
    events_slots,
    events_traverse,
    events_clear,
    events_free,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int events_loaded_once = 0;

static int
events_exec(PyObject *m)
{
    events_state *st = get_events_state(m);

    if (events_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "events cannot be loaded more than once per process");
        return -1;
    }
    if (events_create_type(m, &Emitter_spec, NULL, &st->EmitterType, 0) < 0)
        return -1;
    st->EventError = PyErr_NewException("events.EventError", NULL, NULL);
    if (st->EventError == NULL)
        return -1;
    Py_INCREF(st->EventError);
    if (PyModule_AddObject(m, "EventError", st->EventError) < 0) {
        Py_DECREF(st->EventError);
        return -1;
    }
    Py_INCREF(st->EmitterType);
    if (PyModule_AddObject(m, "Emitter", (PyObject *)st->EmitterType) < 0) {
        Py_DECREF(st->EmitterType);
        return -1;
    }
    events_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_events(void)
{
    return PyModuleDef_Init(&eventsmodule);
}
