/*
 * tally: counts words. Already written with multi-phase init (an exec slot, m_size 0), but its
 * exception, a cached helper and its type are still process-wide.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* Raised for words that cannot be counted. */
    PyObject *TallyError;       /* was: static PyObject *TallyError */
    PyObject *str_lower;        /* was: static PyObject *str_lower */
    PyTypeObject *Counter_Type; /* was: static PyTypeObject Counter_Type */
} tally_state;

static inline tally_state *
get_tally_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tally_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be
 * subclassed. */
static inline tally_state *
tally_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (tally_state *)state;
}

static int
tally_traverse(PyObject *module, visitproc visit, void *arg)
{
    tally_state *st = get_tally_state(module);
    Py_VISIT(st->TallyError);
    Py_VISIT(st->str_lower);
    Py_VISIT(st->Counter_Type);
    return 0;
}

static int
tally_clear(PyObject *module)
{
    tally_state *st = get_tally_state(module);
    Py_CLEAR(st->TallyError);
    Py_CLEAR(st->str_lower);
    Py_CLEAR(st->Counter_Type);
    return 0;
}

static void
tally_free(void *module)
{
    (void)tally_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tally_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                  PyTypeObject **type, int disallow_new)
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
            /* CPython (3.12, 3.13) loses the error when it cannot copy the
             * type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
        (*type)->tp_new = NULL;
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

typedef struct {
    PyObject_HEAD
    Py_ssize_t total;
} CounterObject;

static PyObject *
counter_add(CounterObject *self, PyObject *word)
{
    tally_state *st = tally_get_state_of_type(Py_TYPE(self));
    PyObject *low;

    if (!PyUnicode_Check(word)) {
        PyErr_SetString(st->TallyError, "words are str");
        return NULL;
    }
    low = PyObject_CallMethodObjArgs(word, st->str_lower, NULL);
    if (low == NULL)
        return NULL;
    Py_DECREF(low);
    self->total++;
    return PyLong_FromSsize_t(self->total);
}

static PyMethodDef counter_methods[] = {
    {"add", (PyCFunction)counter_add, METH_O, "Count one word."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
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
    .name = "tally.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

static struct PyModuleDef tallymodule;

static PyObject *
tally_module_name(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *mod = self;
    if (mod == NULL) {
        tally_state *st = get_tally_state(self);
        PyErr_SetString(st->TallyError, "module not found");
        return NULL;
    }
    return PyModule_GetNameObject(mod);
}

static PyMethodDef tally_methods[] = {
    {"module_name", tally_module_name, METH_NOARGS, "The module's name."},
    {NULL, NULL, 0, NULL}
};

static int
tally_exec(PyObject *module)
{
    tally_state *st = get_tally_state(module);
    st->TallyError = PyErr_NewException("tally.TallyError", NULL, NULL);
    if (st->TallyError == NULL)
        return -1;
    Py_INCREF(st->TallyError);
    if (PyModule_AddObject(module, "TallyError", st->TallyError) < 0) {
        Py_DECREF(st->TallyError);
        return -1;
    }
    st->str_lower = PyUnicode_InternFromString("lower");
    if (st->str_lower == NULL)
        return -1;
    if (tally_create_type(module, &Counter_spec, NULL, &st->Counter_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Counter_Type);
    if (PyModule_AddObject(module, "Counter", (PyObject *)st->Counter_Type) < 0) {
        Py_DECREF(st->Counter_Type);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot tally_slots[] = {
    {Py_mod_exec, tally_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL}
};

static struct PyModuleDef tallymodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "tally",
    .m_doc = "Word counts.",
    .m_size = sizeof(tally_state),
    .m_methods = tally_methods,
    .m_slots = tally_slots,
    .m_traverse = tally_traverse,
    .m_clear = tally_clear,
    .m_free = tally_free,
};

PyMODINIT_FUNC
PyInit_tally(void)
{
    return PyModuleDef_Init(&tallymodule);
}
