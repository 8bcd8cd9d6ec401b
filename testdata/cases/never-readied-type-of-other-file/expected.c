#include <Python.h>
#include "b.h"
#include "twins_state.h"

typedef struct {
    PyObject_HEAD
    long n;
} AObject;

static void
obj_dealloc(AObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static int
twins_traverse(PyObject *module, visitproc visit, void *arg)
{
    twins_state *st = get_twins_state(module);
    Py_VISIT(st->B_Type);
    Py_VISIT(st->A_Type);
    return 0;
}

static int
twins_clear(PyObject *module)
{
    twins_state *st = get_twins_state(module);
    Py_CLEAR(st->B_Type);
    Py_CLEAR(st->A_Type);
    return 0;
}

static void
twins_free(void *module)
{
    (void)twins_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
twins_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
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

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
A_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot A_slots[] = {
    {Py_tp_dealloc, (void *)obj_dealloc},
    {Py_tp_traverse, (void *)A_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec A_spec = {
    .name = "twins.A",
    .basicsize = sizeof(AObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = A_slots,
};

static PyMethodDef twins_methods[] = {
    {"make_b", make_b, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int twins_exec(PyObject *m);

static PyModuleDef_Slot twins_slots[] = {
    {Py_mod_exec, (void *)twins_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef twins_module = {
    PyModuleDef_HEAD_INIT, "twins", NULL, sizeof(twins_state), twins_methods,
    twins_slots,
    twins_traverse,
    twins_clear,
    twins_free
};

static int
twins_exec(PyObject *m)
{
    twins_state *st = get_twins_state(m);
    if (twins_create_type(m, &B_spec, NULL, &st->B_Type, 1) < 0)
        return -1;
    if (twins_create_type(m, &A_spec, NULL, &st->A_Type, 0) < 0)
        return -1;
    Py_INCREF(st->A_Type);
    if (PyModule_AddObject(m, "A", (PyObject *)st->A_Type) < 0) {
        Py_DECREF(st->A_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_twins(void)
{
    return PyModuleDef_Init(&twins_module);
}
