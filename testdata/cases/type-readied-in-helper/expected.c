/* The types are readied and added in a helper the init function calls with the module, a common
 * layout in extensions with several types. The helper creates the heap type with the module it
 * is given, and finds the state through it. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long hits;
} CounterObject;

static PyObject *
counter_hit(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->hits++;
    return PyLong_FromLong(self->hits);
}

static PyMethodDef counter_methods[] = {
    {"hit", (PyCFunction)counter_hit, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Counter_Type; /* was: static PyTypeObject Counter_Type */
} hitcount_state;

static inline hitcount_state *
get_hitcount_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hitcount_state *)state;
}

static int
hitcount_traverse(PyObject *module, visitproc visit, void *arg)
{
    hitcount_state *st = get_hitcount_state(module);
    Py_VISIT(st->Counter_Type);
    return 0;
}

static int
hitcount_clear(PyObject *module)
{
    hitcount_state *st = get_hitcount_state(module);
    Py_CLEAR(st->Counter_Type);
    return 0;
}

static void
hitcount_free(void *module)
{
    (void)hitcount_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
hitcount_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Counter_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Counter_slots[] = {
    {Py_tp_traverse, (void *)Counter_traverse},
    {Py_tp_methods, (void *)counter_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Counter_spec = {
    .name = "hitcount.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

static int
add_types(PyObject *module)
{
    hitcount_state *st = get_hitcount_state(module);
    if (hitcount_create_type(module, &Counter_spec, NULL, &st->Counter_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Counter_Type);
    if (PyModule_AddObject(module, "Counter", (PyObject *)st->Counter_Type) < 0) {
        Py_DECREF(st->Counter_Type);
        return -1;
    }
    return 0;
}

static int hitcount_exec(PyObject *m);

static PyModuleDef_Slot hitcount_slots[] = {
    {Py_mod_exec, (void *)hitcount_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef hitcount_module = {
    PyModuleDef_HEAD_INIT, "hitcount", NULL, sizeof(hitcount_state), NULL,
    hitcount_slots,
    hitcount_traverse,
    hitcount_clear,
    hitcount_free
};

static int
hitcount_exec(PyObject *m)
{
    if (add_types(m) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_hitcount(void)
{
    return PyModuleDef_Init(&hitcount_module);
}
