/* pairrow: a read-only row of (name, value) pairs, indexable by position and by name. Its type
 * is written out field by field with zeros, and its setup function fills in the constructor
 * and the sequence and mapping suites before readying it, as older database modules do. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *names;    /* tuple of str */
    PyObject *values;   /* tuple */
} RowObject;

static PyObject *
row_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *names, *values;
    RowObject *self;

    if (!PyArg_ParseTuple(args, "O!O!:Row", &PyTuple_Type, &names, &PyTuple_Type, &values))
        return NULL;
    if (PyTuple_GET_SIZE(names) != PyTuple_GET_SIZE(values)) {
        PyErr_SetString(PyExc_ValueError, "names and values differ in length");
        return NULL;
    }
    self = (RowObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(names);
    self->names = names;
    Py_INCREF(values);
    self->values = values;
    return (PyObject *)self;
}

static void
row_dealloc(RowObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->names);
    Py_XDECREF(self->values);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static Py_ssize_t
row_length(RowObject *self)
{
    return PyTuple_GET_SIZE(self->values);
}

static PyObject *
row_item(RowObject *self, Py_ssize_t i)
{
    PyObject *item;
    if (i < 0 || i >= PyTuple_GET_SIZE(self->values)) {
        PyErr_SetString(PyExc_IndexError, "row index out of range");
        return NULL;
    }
    item = PyTuple_GET_ITEM(self->values, i);
    Py_INCREF(item);
    return item;
}

static PyObject *
row_subscript(RowObject *self, PyObject *key)
{
    Py_ssize_t i, n;
    if (PyLong_Check(key)) {
        i = PyLong_AsSsize_t(key);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        if (i < 0)
            i += PyTuple_GET_SIZE(self->values);
        return row_item(self, i);
    }
    n = PyTuple_GET_SIZE(self->names);
    for (i = 0; i < n; i++) {
        int eq = PyObject_RichCompareBool(PyTuple_GET_ITEM(self->names, i), key, Py_EQ);
        if (eq < 0)
            return NULL;
        if (eq)
            return row_item(self, i);
    }
    PyErr_SetObject(PyExc_KeyError, key);
    return NULL;
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *RowType; /* was: static PyTypeObject RowType */
} pairrow_state;

static inline pairrow_state *
get_pairrow_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (pairrow_state *)state;
}

static int
pairrow_traverse(PyObject *module, visitproc visit, void *arg)
{
    pairrow_state *st = get_pairrow_state(module);
    Py_VISIT(st->RowType);
    return 0;
}

static int
pairrow_clear(PyObject *module)
{
    pairrow_state *st = get_pairrow_state(module);
    Py_CLEAR(st->RowType);
    return 0;
}

static void
pairrow_free(void *module)
{
    (void)pairrow_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
pairrow_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Row_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Row_slots[] = {
    {Py_tp_dealloc, (void *)row_dealloc},
    {Py_sq_length, (void *)row_length},
    {Py_sq_item, (void *)row_item},
    {Py_mp_length, (void *)row_length},
    {Py_mp_subscript, (void *)row_subscript},
    {Py_tp_doc, (void *)"Row(names, values)"},
    {Py_tp_traverse, (void *)Row_traverse},
    {Py_tp_new, (void *)row_new},
    {0, NULL},
};

static PyType_Spec Row_spec = {
    .name = "pairrow.Row",
    .basicsize = sizeof(RowObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Row_slots,
};

static int
row_setup_type(PyObject *module)
{
    pairrow_state *st = get_pairrow_state(module);
    return pairrow_create_type(module, &Row_spec, NULL, &st->RowType, 0);
}

static int pairrow_exec(PyObject *m);

static PyModuleDef_Slot pairrow_slots[] = {
    {Py_mod_exec, (void *)pairrow_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static PyModuleDef pairrow_module = {
    PyModuleDef_HEAD_INIT,
    "pairrow",
    "Rows of named values.",
    sizeof(pairrow_state),
    NULL,
    pairrow_slots,
    pairrow_traverse,
    pairrow_clear,
    pairrow_free
};

static int
pairrow_exec(PyObject *m)
{
    pairrow_state *st = get_pairrow_state(m);

    if (row_setup_type(m) < 0)
        return -1;
    Py_INCREF(st->RowType);
    if (PyModule_AddObject(m, "Row", (PyObject *)st->RowType) < 0) {
        Py_DECREF(st->RowType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_pairrow(void)
{
    return PyModuleDef_Init(&pairrow_module);
}
