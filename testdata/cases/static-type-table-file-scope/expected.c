/* A file-scope table of the module's types that only the init helper reads, looping over it by its
 * length: it readies each type and sets it on the module under its name. The table becomes a local
 * array of the helper, filled from the state's pointers once exec has created the types. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    unsigned long count;
} TallyObject;

typedef struct {
    PyObject_HEAD
    unsigned long ticks;
} TimerObject;

static PyObject *
Tally_bump(TallyObject *self, PyObject *unused)
{
    self->count++;
    return PyLong_FromUnsignedLong(self->count);
}

static PyMethodDef Tally_methods[] = {
    {"bump", (PyCFunction)Tally_bump, METH_NOARGS, "Count one more."},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *TallyType; /* was: static PyTypeObject TallyType */
    PyTypeObject *TimerType; /* was: static PyTypeObject TimerType */
} counting_state;

static inline counting_state *
get_counting_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (counting_state *)state;
}

static int
counting_traverse(PyObject *module, visitproc visit, void *arg)
{
    counting_state *st = get_counting_state(module);
    Py_VISIT(st->TallyType);
    Py_VISIT(st->TimerType);
    return 0;
}

static int
counting_clear(PyObject *module)
{
    counting_state *st = get_counting_state(module);
    Py_CLEAR(st->TallyType);
    Py_CLEAR(st->TimerType);
    return 0;
}

static void
counting_free(void *module)
{
    (void)counting_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
counting_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
    {Py_tp_methods, (void *)Tally_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Tally_spec = {
    .name = "counting.Tally",
    .basicsize = sizeof(TallyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tally_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Timer_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Timer_slots[] = {
    {Py_tp_traverse, (void *)Timer_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Timer_spec = {
    .name = "counting.Timer",
    .basicsize = sizeof(TimerObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Timer_slots,
};

static int
init_types(PyObject *mod)
{
    counting_state *st = get_counting_state(mod);
    size_t i;
    PyTypeObject *counting_types[2];

    counting_types[0] = st->TallyType;
    counting_types[1] = st->TimerType;
    for (i = 0; i < sizeof(counting_types) / sizeof(counting_types[0]); i++) {
        PyTypeObject *type = counting_types[i];
        const char *name = strrchr(type->tp_name, '.') + 1;

        if (PyType_Ready(type)) {
            return -1;
        }
        if (PyObject_SetAttrString(mod, name, (PyObject *)type)) {
            return -1;
        }
    }
    return 0;
}

static int counting_exec(PyObject *mod);

static PyModuleDef_Slot counting_slots[] = {
    {Py_mod_exec, (void *)counting_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef counting_module = {
    PyModuleDef_HEAD_INIT, "counting", NULL, sizeof(counting_state), NULL,
    counting_slots,
    counting_traverse,
    counting_clear,
    counting_free
};

static int
counting_exec(PyObject *mod)
{
    counting_state *st = get_counting_state(mod);

    if (counting_create_type(mod, &Tally_spec, NULL, &st->TallyType, 0) < 0) {
        return -1;
    }
    if (counting_create_type(mod, &Timer_spec, NULL, &st->TimerType, 0) < 0) {
        return -1;
    }
    if (init_types(mod) < 0) {
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_counting(void)
{
    return PyModuleDef_Init(&counting_module);
}
