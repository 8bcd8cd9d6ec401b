/* A module ported to Python 3 with portcompat.h: MOD_DECL declares the def inside the init,
 * MOD_DEF creates the module from it a few statements later, and the init readies a static
 * type in between. */
#include <Python.h>
#include "portcompat.h"
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long total;
    long count;
} TallyObject;

static int
Tally_init(TallyObject *self, PyObject *args, PyObject *kwds)
{
    long start = 0;
    if (!PyArg_ParseTuple(args, "|l", &start))
        return -1;
    self->total = start;
    self->count = 0;
    return 0;
}

static PyObject *
Tally_add(TallyObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    self->total += v;
    self->count++;
    Py_RETURN_NONE;
}

static PyObject *
Tally_mean(TallyObject *self, PyObject *unused)
{
    if (self->count == 0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "no values yet");
        return NULL;
    }
    return PyFloat_FromDouble((double)self->total / self->count);
}

static PyMethodDef Tally_methods[] = {
    {"add", (PyCFunction)Tally_add, METH_O, "Add a value."},
    {"mean", (PyCFunction)Tally_mean, METH_NOARGS, "The mean of the values added."},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *TallyType; /* was: static PyTypeObject TallyType */
} tallies_state;

static inline tallies_state *
get_tallies_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tallies_state *)state;
}

static int
tallies_traverse(PyObject *module, visitproc visit, void *arg)
{
    tallies_state *st = get_tallies_state(module);
    Py_VISIT(st->TallyType);
    return 0;
}

static int
tallies_clear(PyObject *module)
{
    tallies_state *st = get_tallies_state(module);
    Py_CLEAR(st->TallyType);
    return 0;
}

static void
tallies_free(void *module)
{
    (void)tallies_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tallies_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Tally_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Tally_slots[] = {
    {Py_tp_doc, (void *)"A running total and count."},
    {Py_tp_traverse, (void *)Tally_traverse},
    {Py_tp_methods, (void *)Tally_methods},
    {Py_tp_init, (void *)Tally_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Tally_spec = {
    .name = "tallies.Tally",
    .basicsize = sizeof(TallyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tally_slots,
};

static PyObject *
tallies_sum(PyObject *self, PyObject *seq)
{
    long total = 0;
    PyObject *it = PyObject_GetIter(seq), *item;
    if (it == NULL)
        return NULL;
    while ((item = PyIter_Next(it)) != NULL) {
        total += PyLong_AsLong(item);
        Py_DECREF(item);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(total);
}

static PyMethodDef tallies_methods[] = {
    {"sum", tallies_sum, METH_O, "The sum of an iterable of ints."},
    {NULL, NULL, 0, NULL}
};

static int tallies_exec(PyObject *m);

static PyModuleDef_Slot tallies_slots[] = {
    {Py_mod_exec, (void *)tallies_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef m_moduledef = {
    PyModuleDef_HEAD_INIT, "tallies", "Running tallies.", sizeof(tallies_state), tallies_methods,
    tallies_slots,
    tallies_traverse,
    tallies_clear,
    tallies_free
};

static int
tallies_exec(PyObject *m) {
    tallies_state *st = get_tallies_state(m);

    if (tallies_create_type(m, &Tally_spec, NULL, &st->TallyType, 0) < 0)
        return -1;

    Py_INCREF(st->TallyType);
    if (PyModule_AddObject(m, "Tally", (PyObject *)st->TallyType) < 0) {
        Py_DECREF(st->TallyType);
        return -1;
    }
    return 0;
}

MOD_INIT(tallies)
{
    return PyModuleDef_Init(&m_moduledef);
}
