/* A static type added to the module without a Py_INCREF of its own (a static type is never freed,
 * so the original needed none; zope.i18nmessageid and other older extensions write it so), next to
 * one added the usual way. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long ticks;
} ClockObject;

static PyObject *
clock_tick(ClockObject *self, PyObject *unused)
{
    return PyLong_FromLong(++self->ticks);
}

static PyMethodDef clock_methods[] = {
    {"tick", (PyCFunction)clock_tick, METH_NOARGS, "advance and return the tick count"},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *ClockType; /* was: static PyTypeObject ClockType */
    PyTypeObject *AlarmType; /* was: static PyTypeObject AlarmType */
} clocks_state;

static inline clocks_state *
get_clocks_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (clocks_state *)state;
}

static int
clocks_traverse(PyObject *module, visitproc visit, void *arg)
{
    clocks_state *st = get_clocks_state(module);
    Py_VISIT(st->ClockType);
    Py_VISIT(st->AlarmType);
    return 0;
}

static int
clocks_clear(PyObject *module)
{
    clocks_state *st = get_clocks_state(module);
    Py_CLEAR(st->ClockType);
    Py_CLEAR(st->AlarmType);
    return 0;
}

static void
clocks_free(void *module)
{
    (void)clocks_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
clocks_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Clock_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Clock_slots[] = {
    {Py_tp_traverse, (void *)Clock_traverse},
    {Py_tp_methods, (void *)clock_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Clock_spec = {
    .name = "clocks.Clock",
    .basicsize = sizeof(ClockObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Clock_slots,
};

static PyType_Slot Alarm_slots[] = {
    {Py_tp_traverse, (void *)Clock_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Alarm_spec = {
    .name = "clocks.Alarm",
    .basicsize = sizeof(ClockObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Alarm_slots,
};

static int clocks_exec(PyObject *m);

static PyModuleDef_Slot clocks_slots[] = {
    {Py_mod_exec, (void *)clocks_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef clocks_module = {
    PyModuleDef_HEAD_INIT, "clocks", NULL, sizeof(clocks_state), NULL,
    clocks_slots,
    clocks_traverse,
    clocks_clear,
    clocks_free
};

static int
clocks_exec(PyObject *m)
{
    clocks_state *st = get_clocks_state(m);

    if (clocks_create_type(m, &Clock_spec, NULL, &st->ClockType, 0) < 0 || clocks_create_type(m, &Alarm_spec, st->ClockType, &st->AlarmType, 0) < 0)
        return -1;
    if (PyModule_AddObjectRef(m,
                              "Clock",
                              (PyObject *)st->ClockType) < 0)
        return -1;
    Py_INCREF(st->AlarmType);
    if (PyModule_AddObject(m, "Alarm", (PyObject *)st->AlarmType) < 0) {
        Py_DECREF(st->AlarmType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_clocks(void)
{
    return PyModuleDef_Init(&clocks_module);
}
