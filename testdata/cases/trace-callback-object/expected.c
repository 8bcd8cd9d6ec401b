/* A line tracer: counts the lines executed per code object name. The trace
 * function is registered with the tracer object, which it receives back. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include "tracer.h"
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *str_co_name;    /* was: static PyObject *str_co_name */
    PyObject *str_anonymous;  /* was: static PyObject *str_anonymous */
    PyTypeObject *TracerType; /* was: static PyTypeObject TracerType */
} linecount_state;

static inline linecount_state *
get_linecount_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (linecount_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline linecount_state *
linecount_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (linecount_state *)state;
}

static int
linecount_traverse(PyObject *module, visitproc visit, void *arg)
{
    linecount_state *st = get_linecount_state(module);
    Py_VISIT(st->str_co_name);
    Py_VISIT(st->str_anonymous);
    Py_VISIT(st->TracerType);
    return 0;
}

static int
linecount_clear(PyObject *module)
{
    linecount_state *st = get_linecount_state(module);
    Py_CLEAR(st->str_co_name);
    Py_CLEAR(st->str_anonymous);
    Py_CLEAR(st->TracerType);
    return 0;
}

static void
linecount_free(void *module)
{
    (void)linecount_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
linecount_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                      int disallow_new)
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


static int
tracer_count(linecount_state *st, Tracer *self, PyObject *name)
{
    PyObject *old;
    PyObject *now;
    long n = 0;

    if (name == NULL) {
        name = st->str_anonymous;
    }
    old = PyDict_GetItemWithError(self->counts, name);
    if (old == NULL && PyErr_Occurred()) {
        return -1;
    }
    if (old != NULL) {
        n = PyLong_AsLong(old);
    }
    now = PyLong_FromLong(n + 1);
    if (now == NULL) {
        return -1;
    }
    if (PyDict_SetItem(self->counts, name, now) < 0) {
        Py_DECREF(now);
        return -1;
    }
    Py_DECREF(now);
    return 0;
}

static int
tracer_trace(Tracer *self, PyFrameObject *frame, int what, PyObject *arg)
{
    linecount_state *st = linecount_get_state_of_type(Py_TYPE(self));
    PyObject *code;
    PyObject *name;
    int rc;

    if (what != PyTrace_LINE) {
        return 0;
    }
    code = (PyObject *)PyFrame_GetCode(frame);
    name = PyObject_GetAttr(code, st->str_co_name);
    Py_DECREF(code);
    if (name == NULL) {
        return -1;
    }
    rc = tracer_count(st, self, name);
    Py_DECREF(name);
    return rc;
}

/* The profile function: the same object, as the PyObject * it was registered with. */
static int
tracer_profile(PyObject *op, PyFrameObject *frame, int what, PyObject *arg)
{
    linecount_state *st = linecount_get_state_of_type(Py_TYPE(op));
    Tracer *self = (Tracer *)op;
    PyObject *code;
    PyObject *name;
    int rc;

    if (what != PyTrace_CALL) {
        return 0;
    }
    code = (PyObject *)PyFrame_GetCode(frame);
    name = PyObject_GetAttr(code, st->str_co_name);
    Py_DECREF(code);
    if (name == NULL) {
        return -1;
    }
    rc = PyList_Append(self->calls, name);
    Py_DECREF(name);
    return rc;
}

static PyObject *
tracer_profile_calls(Tracer *self, PyObject *unused)
{
    PyEval_SetProfile(tracer_profile, (PyObject *)self);
    self->active = 1;
    Py_RETURN_NONE;
}

static PyObject *
tracer_start(Tracer *self, PyObject *unused)
{
    PyEval_SetTrace((Py_tracefunc)tracer_trace, (PyObject *)self);
    self->active = 1;
    Py_RETURN_NONE;
}

static PyObject *
tracer_stop(Tracer *self, PyObject *unused)
{
    if (self->active) {
        PyEval_SetTrace(NULL, NULL);
        PyEval_SetProfile(NULL, NULL);
        self->active = 0;
    }
    Py_RETURN_NONE;
}

static PyObject *
tracer_get_counts(Tracer *self, void *closure)
{
    return PyDict_Copy(self->counts);
}

static PyObject *
tracer_get_calls(Tracer *self, void *closure)
{
    return PyList_GetSlice(self->calls, 0, PY_SSIZE_T_MAX);
}

static int
tracer_init(Tracer *self, PyObject *args, PyObject *kwds)
{
    if (!PyArg_ParseTuple(args, ":Tracer")) {
        return -1;
    }
    Py_XSETREF(self->counts, PyDict_New());
    Py_XSETREF(self->calls, PyList_New(0));
    return self->counts == NULL || self->calls == NULL ? -1 : 0;
}

static void
tracer_dealloc(Tracer *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->counts);
    Py_XDECREF(self->calls);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyMethodDef tracer_methods[] = {
    {"start", (PyCFunction)tracer_start, METH_NOARGS, "Start tracing this thread."},
    {"profile_calls", (PyCFunction)tracer_profile_calls, METH_NOARGS, "Record the names of the functions called."},
    {"stop", (PyCFunction)tracer_stop, METH_NOARGS, "Stop tracing."},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef tracer_getset[] = {
    {"counts", (getter)tracer_get_counts, NULL, "Lines run per function name.", NULL},
    {"calls", (getter)tracer_get_calls, NULL, "Names of the functions called.", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Tracer_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Tracer_slots[] = {
    {Py_tp_dealloc, (void *)tracer_dealloc},
    {Py_tp_doc, (void *)"Counts executed lines per function."},
    {Py_tp_traverse, (void *)Tracer_traverse},
    {Py_tp_methods, (void *)tracer_methods},
    {Py_tp_getset, (void *)tracer_getset},
    {Py_tp_init, (void *)tracer_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Tracer_spec = {
    .name = "linecount.Tracer",
    .basicsize = sizeof(Tracer),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tracer_slots,
};

static int linecount_exec(PyObject *m);

static PyModuleDef_Slot linecount_slots[] = {
    {Py_mod_exec, (void *)linecount_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef linecount_module = {
    PyModuleDef_HEAD_INIT,
    "linecount",
    "A line counting tracer.",
    sizeof(linecount_state),
    NULL,
    linecount_slots,
    linecount_traverse,
    linecount_clear,
    linecount_free
};

static int
linecount_exec(PyObject *m)
{
    linecount_state *st = get_linecount_state(m);

    st->str_co_name = PyUnicode_InternFromString("co_name");
    if (st->str_co_name == NULL) {
        return -1;
    }
    st->str_anonymous = PyUnicode_InternFromString("<anonymous>");
    if (st->str_anonymous == NULL) {
        return -1;
    }
    if (linecount_create_type(m, &Tracer_spec, NULL, &st->TracerType, 0) < 0) {
        return -1;
    }
    Py_INCREF(st->TracerType);
    if (PyModule_AddObject(m, "Tracer", (PyObject *)st->TracerType) < 0) {
        Py_DECREF(st->TracerType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_linecount(void)
{
    return PyModuleDef_Init(&linecount_module);
}
