/* A regex engine's match-capture type: the type object comes first with only its name and size,
 * its slots are functions written further down and filled in by the init function. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    Py_ssize_t group;
    Py_ssize_t start;
    Py_ssize_t end;
} CaptureObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Capture_Type; /* was: static PyTypeObject Capture_Type */
} matchcap_state;

static inline matchcap_state *
get_matchcap_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (matchcap_state *)state;
}

static int
matchcap_traverse(PyObject *module, visitproc visit, void *arg)
{
    matchcap_state *st = get_matchcap_state(module);
    Py_VISIT(st->Capture_Type);
    return 0;
}

static int
matchcap_clear(PyObject *module)
{
    matchcap_state *st = get_matchcap_state(module);
    Py_CLEAR(st->Capture_Type);
    return 0;
}

static void
matchcap_free(void *module)
{
    (void)matchcap_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
matchcap_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
capture(PyObject *module, PyObject *args)
{
    matchcap_state *st = get_matchcap_state(module);
    CaptureObject *c;
    Py_ssize_t group, start, end;
    if (!PyArg_ParseTuple(args, "nnn", &group, &start, &end))
        return NULL;
    c = PyObject_GC_New(CaptureObject, st->Capture_Type);
    if (c == NULL)
        return NULL;
    c->group = group;
    c->start = start;
    c->end = end;
    PyObject_GC_Track((PyObject *)c);
    return (PyObject *)c;
}

static void
capture_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyObject *
capture_str(PyObject *self)
{
    CaptureObject *c = (CaptureObject *)self;
    return PyUnicode_FromFormat("<capture %zd: %zd-%zd>", c->group, c->start, c->end);
}

static Py_ssize_t
capture_length(PyObject *self)
{
    CaptureObject *c = (CaptureObject *)self;
    return c->end - c->start;
}

static PyObject *
capture_span(PyObject *self, PyObject *unused)
{
    CaptureObject *c = (CaptureObject *)self;
    return Py_BuildValue("nn", c->start, c->end);
}

static PyMethodDef capture_methods[] = {
    {"span", capture_span, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Capture_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Capture_slots[] = {
    {Py_tp_dealloc, (void *)capture_dealloc},
    {Py_sq_length, (void *)capture_length},
    {Py_tp_str, (void *)capture_str},
    {Py_tp_traverse, (void *)Capture_traverse},
    {Py_tp_methods, (void *)capture_methods},
    {0, NULL},
};

static PyType_Spec Capture_spec = {
    .name = "matchcap.Capture",
    .basicsize = sizeof(CaptureObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Capture_slots,
};

static PyMethodDef matchcap_methods[] = {
    {"capture", capture, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int matchcap_exec(PyObject *m);

static PyModuleDef_Slot matchcap_slots[] = {
    {Py_mod_exec, (void *)matchcap_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef matchcap_module = {
    PyModuleDef_HEAD_INIT, "matchcap", NULL, sizeof(matchcap_state), matchcap_methods,
    matchcap_slots,
    matchcap_traverse,
    matchcap_clear,
    matchcap_free
};

static int
matchcap_exec(PyObject *m)
{
    matchcap_state *st = get_matchcap_state(m);

    if (matchcap_create_type(m, &Capture_spec, NULL, &st->Capture_Type, 1) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_matchcap(void)
{
    return PyModuleDef_Init(&matchcap_module);
}
