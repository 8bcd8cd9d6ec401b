/* A type's rich comparison takes its own object struct and is put in the slot with a cast; another
 * function calls it through the static type (`Pair_Type.tp_richcompare(a, b, Py_EQ)`) with
 * PyObject * arguments. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long left;
    long right;
} PairObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Pair_Type; /* was: static PyTypeObject Pair_Type */
} pairs_state;

static inline pairs_state *get_pairs_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (pairs_state *)state;
}

static int pairs_traverse(PyObject *module, visitproc visit, void *arg)
{
    pairs_state *st = get_pairs_state(module);
    Py_VISIT(st->Pair_Type);
    return 0;
}

static int pairs_clear(PyObject *module)
{
    pairs_state *st = get_pairs_state(module);
    Py_CLEAR(st->Pair_Type);
    return 0;
}

static void pairs_free(void *module)
{
    (void)pairs_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int pairs_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
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

static PyObject *pair_richcompare(PairObject *a, PyObject *b, int op)
{
    PairObject *other;

    if (!PyObject_TypeCheck(b, Py_TYPE(a)) || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    other = (PairObject *)b;
    if ((a->left == other->left && a->right == other->right) == (op == Py_EQ))
        Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}

static PyObject *pair_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PairObject *self;
    long left, right;

    if (!PyArg_ParseTuple(args, "ll", &left, &right))
        return NULL;
    self = (PairObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->left = left;
    self->right = right;
    return (PyObject *)self;
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int Pair_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Pair_slots[] = {
    {Py_tp_traverse, (void *)Pair_traverse},
    {Py_tp_richcompare, (void *)pair_richcompare},
    {Py_tp_new, (void *)pair_new},
    {0, NULL},
};

static PyType_Spec Pair_spec = {
    .name = "pairs.Pair",
    .basicsize = sizeof(PairObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Pair_slots,
};

static PyObject *same(PyObject *module, PyObject *args)
{
    pairs_state *st = get_pairs_state(module);
    PyObject *a, *b, *res;

    if (!PyArg_ParseTuple(args, "O!O!", st->Pair_Type, &a, st->Pair_Type, &b))
        return NULL;
    res = pair_richcompare((PairObject *)a, b, Py_EQ);
    return res;
}

static PyMethodDef module_methods[] = {
    {"same", same, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int pairs_exec(PyObject *m);

static PyModuleDef_Slot pairs_slots[] = {
    {Py_mod_exec, (void *)pairs_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pairs_module = {
    PyModuleDef_HEAD_INIT, "pairs", NULL, sizeof(pairs_state), module_methods,
    pairs_slots,
    pairs_traverse,
    pairs_clear,
    pairs_free
};

static int pairs_exec(PyObject *m)
{
    pairs_state *st = get_pairs_state(m);

    if (pairs_create_type(m, &Pair_spec, NULL, &st->Pair_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Pair_Type);
    if (PyModule_AddObject(m, "Pair", (PyObject *)st->Pair_Type) < 0) {
        Py_DECREF(st->Pair_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC PyInit_pairs(void)
{
    return PyModuleDef_Init(&pairs_module);
}
