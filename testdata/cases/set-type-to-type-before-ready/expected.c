/* Counters whose init sets each type's metatype to &PyType_Type before readying it (the old idiom
 * from before PyVarObject_HEAD_INIT could name it portably), in both spellings. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

static PyObject *
Counter_bump(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Counter_methods[] = {
    {"bump", (PyCFunction)Counter_bump, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Counter_Type; /* was: static PyTypeObject Counter_Type */
    PyTypeObject *Tally_Type;   /* was: static PyTypeObject Tally_Type */
} counters_state;

static inline counters_state *
get_counters_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (counters_state *)state;
}

static int
counters_traverse(PyObject *module, visitproc visit, void *arg)
{
    counters_state *st = get_counters_state(module);
    Py_VISIT(st->Counter_Type);
    Py_VISIT(st->Tally_Type);
    return 0;
}

static int
counters_clear(PyObject *module)
{
    counters_state *st = get_counters_state(module);
    Py_CLEAR(st->Counter_Type);
    Py_CLEAR(st->Tally_Type);
    return 0;
}

static void
counters_free(void *module)
{
    (void)counters_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
counters_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
    {Py_tp_methods, (void *)Counter_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Counter_spec = {
    .name = "counters.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Tally_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Tally_slots[] = {
    {Py_tp_traverse, (void *)Tally_traverse},
    {Py_tp_methods, (void *)Counter_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Tally_spec = {
    .name = "counters.Tally",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tally_slots,
};

static int counters_exec(PyObject *m);

static PyModuleDef_Slot counters_slots[] = {
    {Py_mod_exec, (void *)counters_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef counters_module = {
    PyModuleDef_HEAD_INIT, "counters", NULL, sizeof(counters_state), NULL,
    counters_slots,
    counters_traverse,
    counters_clear,
    counters_free
};

static int
counters_exec(PyObject *m)
{
    counters_state *st = get_counters_state(m);
    if (counters_create_type(m, &Counter_spec, NULL, &st->Counter_Type, 0) < 0)
        return -1;
    if (counters_create_type(m, &Tally_spec, NULL, &st->Tally_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Counter_Type);
    if (PyModule_AddObject(m, "Counter", (PyObject *)st->Counter_Type) < 0) {
        Py_DECREF(st->Counter_Type);
        return -1;
    }
    Py_INCREF(st->Tally_Type);
    if (PyModule_AddObject(m, "Tally", (PyObject *)st->Tally_Type) < 0) {
        Py_DECREF(st->Tally_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_counters(void)
{
    return PyModuleDef_Init(&counters_module);
}
