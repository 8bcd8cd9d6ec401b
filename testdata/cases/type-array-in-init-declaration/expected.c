/* Types nothing readies by name: the init readies and adds them in a loop over an array of their addresses,
 * declared with its initializer at the top of the init (iteration_utilities does this for its 29 types). */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct { PyObject_HEAD } AObject;
typedef struct { PyObject_HEAD } BObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *A_Type; /* was: static PyTypeObject A_Type */
    PyTypeObject *B_Type; /* was: static PyTypeObject B_Type */
} loop_state;

static inline loop_state *
get_loop_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (loop_state *)state;
}

static int
loop_traverse(PyObject *module, visitproc visit, void *arg)
{
    loop_state *st = get_loop_state(module);
    Py_VISIT(st->A_Type);
    Py_VISIT(st->B_Type);
    return 0;
}

static int
loop_clear(PyObject *module)
{
    loop_state *st = get_loop_state(module);
    Py_CLEAR(st->A_Type);
    Py_CLEAR(st->B_Type);
    return 0;
}

static void
loop_free(void *module)
{
    (void)loop_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
loop_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type, int disallow_new)
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
            PyErr_NoMemory(); /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
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

/* Heap types are GC types: instances keep their type alive, the collector must see it (pyext-isolate). */
static int
A_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot A_slots[] = {
    {Py_tp_traverse, (void *)A_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec A_spec = {
    .name = "loop.A",
    .basicsize = sizeof(AObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = A_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it (pyext-isolate). */
static int
B_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot B_slots[] = {
    {Py_tp_traverse, (void *)B_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec B_spec = {
    .name = "loop.B",
    .basicsize = sizeof(BObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = B_slots,
};

static int loop_exec(PyObject *m);

static PyModuleDef_Slot loop_slots[] = {
    {Py_mod_exec, (void *)loop_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef loop_module = {PyModuleDef_HEAD_INIT, "loop", NULL, sizeof(loop_state), NULL, loop_slots, loop_traverse, loop_clear, loop_free};

static int
loop_exec(PyObject *m)
{
    loop_state *st = get_loop_state(m);
    PyTypeObject *types[3];
    int i;

    if (loop_create_type(m, &A_spec, NULL, &st->A_Type, 0) < 0)
        return -1;
    if (loop_create_type(m, &B_spec, NULL, &st->B_Type, 0) < 0)
        return -1;
    types[0] = st->A_Type;
    types[1] = st->B_Type;
    types[2] = NULL;
    for (i = 0; types[i] != NULL; i++) {
        const char *name;
        if (PyType_Ready(types[i]) < 0)
            return -1;
        name = strrchr(types[i]->tp_name, '.') + 1;
        Py_INCREF(types[i]);
        if (PyModule_AddObject(m, name, (PyObject *)types[i]) < 0) {
            Py_DECREF(types[i]);
            return -1;
        }
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_loop(void)
{
    return PyModuleDef_Init(&loop_module);
}
