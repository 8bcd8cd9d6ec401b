/*
 * fmtlib: an Encoder type whose defaults come from the module's own
 * namespace, looked up through PyState_FindModule by a helper that the
 * type's __init__ calls (the porting style of the PEP 3121 days).
 */
#include <Python.h>
#include "pyext_isolate_compat.h"

static struct PyModuleDef fmtlib_module;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *module;           /* was: PyState_FindModule(&def): the module itself, borrowed */
    PyObject *default_handlers; /* was: static PyObject *default_handlers */
    PyTypeObject *EncoderType;  /* was: static PyTypeObject EncoderType */
} fmtlib_state;

static inline fmtlib_state *
get_fmtlib_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (fmtlib_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline fmtlib_state *
fmtlib_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (fmtlib_state *)state;
}

static int
fmtlib_traverse(PyObject *module, visitproc visit, void *arg)
{
    fmtlib_state *st = get_fmtlib_state(module);
    Py_VISIT(st->default_handlers);
    Py_VISIT(st->EncoderType);
    return 0;
}

static int
fmtlib_clear(PyObject *module)
{
    fmtlib_state *st = get_fmtlib_state(module);
    Py_CLEAR(st->default_handlers);
    Py_CLEAR(st->EncoderType);
    return 0;
}

static void
fmtlib_free(void *module)
{
    (void)fmtlib_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
fmtlib_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static int
load_default_handlers(fmtlib_state *st)
{
    PyObject *mod, *dict;

    if (st->default_handlers)
        return 0;
    mod = st->module;
    if (!mod)
        return -1;
    dict = PyModule_GetDict(mod);
    st->default_handlers = PyDict_GetItemString(dict, "handlers");
    if (!st->default_handlers) {
        PyErr_SetString(PyExc_RuntimeError, "fmtlib.handlers is missing");
        return -1;
    }
    Py_INCREF(st->default_handlers);
    return 0;
}

typedef struct {
    PyObject_HEAD
    PyObject *handlers;
} EncoderObject;

static int
Encoder_init(EncoderObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *handlers = NULL;
    static char *kwlist[] = {"handlers", NULL};

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O", kwlist, &handlers))
        return -1;
    if (handlers == NULL) {
        fmtlib_state *st = fmtlib_get_state_of_type(Py_TYPE(self));
        if (load_default_handlers(st) < 0)
            return -1;
        handlers = st->default_handlers;
    }
    Py_INCREF(handlers);
    Py_XSETREF(self->handlers, handlers);
    return 0;
}

static void
Encoder_dealloc(EncoderObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->handlers);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Encoder_encode(EncoderObject *self, PyObject *value)
{
    PyObject *handler = PyDict_GetItem(self->handlers, (PyObject *)Py_TYPE(value));

    if (handler == NULL)
        return PyObject_Str(value);
    return PyObject_CallOneArg(handler, value);
}

static PyMethodDef Encoder_methods[] = {
    {"encode", (PyCFunction)Encoder_encode, METH_O, "encode(value) -> str"},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Encoder_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Encoder_slots[] = {
    {Py_tp_dealloc, (void *)Encoder_dealloc},
    {Py_tp_traverse, (void *)Encoder_traverse},
    {Py_tp_methods, (void *)Encoder_methods},
    {Py_tp_init, (void *)Encoder_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Encoder_spec = {
    .name = "fmtlib.Encoder",
    .basicsize = sizeof(EncoderObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Encoder_slots,
};

static int fmtlib_exec(PyObject *module);

static PyModuleDef_Slot fmtlib_slots[] = {
    {Py_mod_exec, (void *)fmtlib_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef fmtlib_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "fmtlib",
    .m_size = sizeof(fmtlib_state),
    .m_slots = fmtlib_slots,
    .m_traverse = fmtlib_traverse,
    .m_clear = fmtlib_clear,
    .m_free = fmtlib_free,
};

static int
fmtlib_exec(PyObject *module)
{
    fmtlib_state *st = get_fmtlib_state(module);
    PyObject *handlers;

    st->module = module;
    if (fmtlib_create_type(module, &Encoder_spec, NULL, &st->EncoderType, 0) < 0)
        return -1;
    handlers = PyDict_New();
    if (handlers == NULL || PyModule_AddObject(module, "handlers", handlers) < 0) {
        Py_XDECREF(handlers);
        return -1;
    }
    Py_INCREF(st->EncoderType);
    if (PyModule_AddObject(module, "Encoder", (PyObject *)st->EncoderType) < 0) {
        Py_DECREF(st->EncoderType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_fmtlib(void)
{
    return PyModuleDef_Init(&fmtlib_module);
}
