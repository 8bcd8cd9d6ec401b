/* tally: the init's whole head is chosen by #ifndef of the file's own Python 2 flag (defined only
 * under #if PY_MAJOR_VERSION == 2), and each branch goes on after the body's { with the module's
 * creation and its error return, as fastcache's init does (self-written). The Python 3 branch's
 * statements stay in the exec's body; the Python 2 branch goes. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#if PY_MAJOR_VERSION == 2
#define TALLY_PY2
#endif

typedef struct {
    PyObject_HEAD
    long count;
} TallyObject;

static PyObject *
Tally_add(TallyObject *self, PyObject *unused)
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Tally_methods[] = {
    {"add", (PyCFunction)Tally_add, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Tally_Type; /* was: static PyTypeObject Tally_Type */
} tally_state;

static inline tally_state *
get_tally_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tally_state *)state;
}

static int
tally_traverse(PyObject *module, visitproc visit, void *arg)
{
    tally_state *st = get_tally_state(module);
    Py_VISIT(st->Tally_Type);
    return 0;
}

static int
tally_clear(PyObject *module)
{
    tally_state *st = get_tally_state(module);
    Py_CLEAR(st->Tally_Type);
    return 0;
}

static void
tally_free(void *module)
{
    (void)tally_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tally_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
    {Py_tp_traverse, (void *)Tally_traverse},
    {Py_tp_methods, (void *)Tally_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Tally_spec = {
    .name = "tally.Tally",
    .basicsize = sizeof(TallyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tally_slots,
};

static PyMethodDef tally_methods[] = {
    {NULL, NULL, 0, NULL}
};

#ifndef TALLY_PY2
static int tally_exec(PyObject *m);

static PyModuleDef_Slot tally_slots[] = {
    {Py_mod_exec, (void *)tally_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT, "tally", "Counting.", sizeof(tally_state), tally_methods,
    tally_slots,
    tally_traverse,
    tally_clear,
    tally_free
};
#endif

#ifndef PyMODINIT_FUNC
#define PyMODINIT_FUNC void
#endif
#ifndef TALLY_PY2
#else
#define TALLY_INIT_ERROR return
#endif
static int tally_exec(PyObject *m) {
    tally_state *st = get_tally_state(m);
#define TALLY_INIT_ERROR return -1
    if (m == NULL)
        TALLY_INIT_ERROR;

    if (tally_create_type(m, &Tally_spec, NULL, &st->Tally_Type, 0) < 0)
        TALLY_INIT_ERROR;
    Py_INCREF(st->Tally_Type);
    if (PyModule_AddObject(m, "Tally", (PyObject *)st->Tally_Type) < 0) {
        Py_DECREF(st->Tally_Type);
        TALLY_INIT_ERROR;
    }
#ifndef TALLY_PY2
    return 0;
#endif
}

PyMODINIT_FUNC
PyInit_tally(void)
{
    return PyModuleDef_Init(&tally_module);
}
