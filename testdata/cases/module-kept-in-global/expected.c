/* A module that keeps itself in a global: module functions and a type's method read it. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *module;          /* was: static PyObject *keeper_module */
    PyTypeObject *CounterType; /* was: static PyTypeObject CounterType */
} keeper_state;

static inline keeper_state *
get_keeper_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (keeper_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline keeper_state *
keeper_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (keeper_state *)state;
}

static int
keeper_traverse(PyObject *module, visitproc visit, void *arg)
{
    keeper_state *st = get_keeper_state(module);
    Py_VISIT(st->CounterType);
    return 0;
}

static int
keeper_clear(PyObject *module)
{
    keeper_state *st = get_keeper_state(module);
    Py_CLEAR(st->CounterType);
    return 0;
}

static void
keeper_free(void *module)
{
    (void)keeper_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
keeper_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
keeper_twice(PyObject *self, PyObject *arg)
{
    return PyNumber_Add(arg, arg);
}

/* Calls a function of the module by name, through the global. */
static PyObject *
keeper_quadruple(PyObject *self, PyObject *arg)
{
    PyObject *two, *four;

    two = PyObject_CallMethod(self, "twice", "(O)", arg);
    if (two == NULL)
        return NULL;
    four = PyObject_CallMethod(self, "twice", "(O)", two);
    Py_DECREF(two);
    return four;
}

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

/* Counter.bump() reads the module's `step` attribute through the global. */
static PyObject *
Counter_bump(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    keeper_state *st = keeper_get_state_of_type(Py_TYPE(self));
    PyObject *step = PyObject_GetAttrString(st->module, "step");
    long n;

    if (step == NULL)
        return NULL;
    n = PyLong_AsLong(step);
    Py_DECREF(step);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    self->count += n;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Counter_methods[] = {
    {"bump", (PyCFunction)Counter_bump, METH_NOARGS, NULL},
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
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Counter_spec = {
    .name = "keeper.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

static PyMethodDef keeper_methods[] = {
    {"twice", keeper_twice, METH_O, NULL},
    {"quadruple", keeper_quadruple, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static int keeper_exec(PyObject *module);

static PyModuleDef_Slot keeper_slots[] = {
    {Py_mod_exec, (void *)keeper_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef keepermodule = {
    PyModuleDef_HEAD_INIT, "keeper", NULL, sizeof(keeper_state), keeper_methods,
    keeper_slots,
    keeper_traverse,
    keeper_clear,
    keeper_free
};

static int
keeper_exec(PyObject *module)
{
    keeper_state *st = get_keeper_state(module);
    st->module = module;
    if (keeper_create_type(module, &Counter_spec, NULL, &st->CounterType, 0) < 0)
        return -1;
    if (PyModule_AddIntConstant(module, "step", 2) < 0)
        return -1;
    Py_INCREF(st->CounterType);
    if (PyModule_AddObject(module, "Counter", (PyObject *)st->CounterType) < 0) {
        Py_DECREF(st->CounterType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_keeper(void)
{
    return PyModuleDef_Init(&keepermodule);
}
