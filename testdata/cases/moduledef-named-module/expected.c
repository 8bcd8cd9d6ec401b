/* The module's PyModuleDef is simply called `module` (bitstruct's c.c names it so); the module has one
 * static type whose methods need nothing but their own instance. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    long count;
} CounterObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *label;            /* was: static PyObject *label */
    PyTypeObject *counter_type; /* was: static PyTypeObject counter_type */
} countmod_state;

static struct PyModuleDef module;

static inline countmod_state *
get_countmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (countmod_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline countmod_state *
countmod_get_state_by_type(PyTypeObject *type)
{
    PyObject *owner = PyType_GetModuleByDef(type, &module);
    return owner == NULL ? NULL : get_countmod_state(owner);
}

/* The state of `self`, a CounterObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline countmod_state *
countmod_get_state_of_CounterObject(CounterObject *self)
{
    if (self->module_state == NULL)
        self->module_state = countmod_get_state_by_type(Py_TYPE(self));
    return (countmod_state *)self->module_state;
}

static int
countmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    countmod_state *st = get_countmod_state(module);
    Py_VISIT(st->label);
    Py_VISIT(st->counter_type);
    return 0;
}

static int
countmod_clear(PyObject *module)
{
    countmod_state *st = get_countmod_state(module);
    Py_CLEAR(st->label);
    Py_CLEAR(st->counter_type);
    return 0;
}

static void
countmod_free(void *module)
{
    (void)countmod_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
countmod_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
counter_bump(CounterObject *self, PyObject *unused)
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyObject *
counter_label(CounterObject *self, PyObject *unused)
{
    countmod_state *st = countmod_get_state_of_CounterObject(self);
    if (st == NULL)
        return NULL;
    Py_INCREF(st->label);
    return st->label;
}

static PyMethodDef counter_methods[] = {
    {"label", (PyCFunction)counter_label, METH_NOARGS, "the module's label"},
    {"bump", (PyCFunction)counter_bump, METH_NOARGS, "add one and return the count"},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
counter_type_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot counter_type_slots[] = {
    {Py_tp_traverse, (void *)counter_type_traverse},
    {Py_tp_methods, (void *)counter_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec counter_type_spec = {
    .name = "countmod.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = counter_type_slots,
};

static PyObject *
make_counter(PyObject *self, PyObject *unused)
{
    countmod_state *st = get_countmod_state(self);
    return PyObject_CallObject((PyObject *)st->counter_type, NULL);
}

static PyMethodDef module_methods[] = {
    {"make_counter", make_counter, METH_NOARGS, "a new Counter"},
    {NULL, NULL, 0, NULL}
};

static int countmod_exec(PyObject *module_p);

static PyModuleDef_Slot countmod_slots[] = {
    {Py_mod_exec, (void *)countmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "countmod",
    .m_size = sizeof(countmod_state),
    .m_methods = module_methods,
    .m_slots = countmod_slots,
    .m_traverse = countmod_traverse,
    .m_clear = countmod_clear,
    .m_free = countmod_free,
};

static int
countmod_exec(PyObject *module_p)
{
    countmod_state *st = get_countmod_state(module_p);

    st->label = PyUnicode_FromString("counter");
    if (st->label == NULL)
        return -1;
    if (countmod_create_type(module_p, &counter_type_spec, NULL, &st->counter_type, 0) < 0)
        return -1;
    Py_INCREF(st->counter_type);
    if (PyModule_AddObject(module_p, "Counter", (PyObject *)st->counter_type) < 0) {
        Py_DECREF(st->counter_type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_countmod(void)
{
    return PyModuleDef_Init(&module);
}
