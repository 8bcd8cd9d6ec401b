/*
 * tally: a Counter type that counts into the module's own state struct,
 * found through PyState_FindModule (a single-phase module that already
 * declares m_size, the PEP 3121 porting style).
 */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject *registry;     /* name -> Counter */
    long created;
    PyObject *module; /* was: PyState_FindModule(&def): the module itself, borrowed */
    PyTypeObject *CounterType; /* was: static PyTypeObject CounterType */
} tally_state;

static struct PyModuleDef tally_module;

#define tally_state_of(m) ((tally_state *)PyModule_GetState(m))

/* Module state access (pyext-isolate). */
static inline tally_state *
get_tally_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tally_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline tally_state *
tally_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (tally_state *)state;
}

static int tally_clear(PyObject *);

static void
tally_free(void *module)
{
    (void)tally_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tally_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static tally_state *
tally_global_state(tally_state *st)
{
    PyObject *m = st->module;

    if (m == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "tally is not initialized");
        return NULL;
    }
    return tally_state_of(m);
}

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

static int
Counter_init(CounterObject *self, PyObject *args, PyObject *kwds)
{
    tally_state *mod_st = tally_get_state_of_type(Py_TYPE(self));
    const char *name = NULL;
    static char *kwlist[] = {"name", NULL};
    tally_state *st;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|s", kwlist, &name))
        return -1;
    st = tally_global_state(mod_st);
    if (st == NULL)
        return -1;
    st->created++;
    if (name != NULL && PyDict_SetItemString(st->registry, name, (PyObject *)self) < 0)
        return -1;
    self->count = 0;
    return 0;
}

static PyObject *
Counter_bump(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Counter_methods[] = {
    {"bump", (PyCFunction)Counter_bump, METH_NOARGS, "bump() -> new count"},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Counter_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Counter_slots[] = {
    {Py_tp_traverse, (void *)Counter_traverse},
    {Py_tp_methods, (void *)Counter_methods},
    {Py_tp_init, (void *)Counter_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Counter_spec = {
    .name = "tally.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

static PyObject *
tally_created(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(tally_state_of(module)->created);
}

static PyObject *
tally_lookup(PyObject *module, PyObject *name)
{
    PyObject *c = PyDict_GetItemWithError(tally_state_of(module)->registry, name);

    if (c == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, name);
        return NULL;
    }
    Py_INCREF(c);
    return c;
}

static int
tally_traverse(PyObject *m, visitproc visit, void *arg)
{
    tally_state *st = get_tally_state(m);

    Py_VISIT(st->CounterType);
    Py_VISIT(tally_state_of(m)->registry);
    return 0;
}

static int
tally_clear(PyObject *m)
{
    tally_state *st = get_tally_state(m);

    Py_CLEAR(st->CounterType);
    Py_CLEAR(tally_state_of(m)->registry);
    return 0;
}

static PyMethodDef tally_methods[] = {
    {"created", tally_created, METH_NOARGS, "how many counters were made"},
    {"lookup", tally_lookup, METH_O, "the counter made with this name"},
    {NULL, NULL, 0, NULL}
};

static int tally_exec(PyObject *m);

static PyModuleDef_Slot tally_slots[] = {
    {Py_mod_exec, (void *)tally_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT,
    "tally",
    NULL,
    sizeof(tally_state),
    tally_methods,
    tally_slots,
    tally_traverse,
    tally_clear,
    tally_free
};

static int
tally_exec(PyObject *m)
{
    tally_state *st = get_tally_state(m);

    st->module = m;
    if (tally_create_type(m, &Counter_spec, NULL, &st->CounterType, 0) < 0)
        return -1;
    tally_state_of(m)->registry = PyDict_New();
    tally_state_of(m)->created = 0;
    if (tally_state_of(m)->registry == NULL)
        return -1;
    Py_INCREF(st->CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)st->CounterType) < 0) {
        Py_DECREF(st->CounterType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_tally(void)
{
    return PyModuleDef_Init(&tally_module);
}
