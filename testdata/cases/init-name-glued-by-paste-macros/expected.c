/* The init function is named by paste macros from the module name the file defines itself
 * (INIT_NAME -> PASTE(PyInit_, MODULE_NAME) -> PyInit_chime), as files do that a build may
 * compile under another name. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#define MODULE_NAME chime
#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
#define INIT_NAME PASTE(PyInit_, MODULE_NAME)

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ChimeError;    /* was: static PyObject *ChimeError */
    PyTypeObject *Bell_Type; /* was: static PyTypeObject Bell_Type */
} chime_state;

static inline chime_state *
get_chime_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (chime_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline chime_state *
chime_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (chime_state *)state;
}

static int
chime_traverse(PyObject *module, visitproc visit, void *arg)
{
    chime_state *st = get_chime_state(module);
    Py_VISIT(st->ChimeError);
    Py_VISIT(st->Bell_Type);
    return 0;
}

static int
chime_clear(PyObject *module)
{
    chime_state *st = get_chime_state(module);
    Py_CLEAR(st->ChimeError);
    Py_CLEAR(st->Bell_Type);
    return 0;
}

static void
chime_free(void *module)
{
    (void)chime_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
chime_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

typedef struct {
    PyObject_HEAD
    long rings;
} BellObject;

static PyObject *
Bell_ring(BellObject *self, PyObject *unused)
{
    if (self->rings >= 3) {
        chime_state *st = chime_get_state_of_type(Py_TYPE(self));
        PyErr_SetString(st->ChimeError, "rung out");
        return NULL;
    }
    self->rings++;
    return PyLong_FromLong(self->rings);
}

static PyMethodDef Bell_methods[] = {
    {"ring", (PyCFunction)Bell_ring, METH_NOARGS, "Rings once more."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Bell_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Bell_slots[] = {
    {Py_tp_traverse, (void *)Bell_traverse},
    {Py_tp_methods, (void *)Bell_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Bell_spec = {
    .name = "chime.Bell",
    .basicsize = sizeof(BellObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Bell_slots,
};

static int chime_exec(PyObject *m);

static PyModuleDef_Slot chime_slots[] = {
    {Py_mod_exec, (void *)chime_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef chime_module = {
    PyModuleDef_HEAD_INIT, "chime", NULL, sizeof(chime_state), NULL,
    chime_slots,
    chime_traverse,
    chime_clear,
    chime_free
};

static int
chime_exec(PyObject *m)
{
    chime_state *st = get_chime_state(m);
    if (chime_create_type(m, &Bell_spec, NULL, &st->Bell_Type, 0) < 0)
        return -1;
    st->ChimeError = PyErr_NewException("chime.ChimeError", NULL, NULL);
    if (st->ChimeError == NULL)
        return -1;
    Py_INCREF(st->ChimeError);
    if (PyModule_AddObject(m, "ChimeError", st->ChimeError) < 0) {
        Py_DECREF(st->ChimeError);
        return -1;
    }
    Py_INCREF(st->Bell_Type);
    if (PyModule_AddObject(m, "Bell", (PyObject *)st->Bell_Type) < 0) {
        Py_DECREF(st->Bell_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
INIT_NAME(void)
{
    return PyModuleDef_Init(&chime_module);
}
