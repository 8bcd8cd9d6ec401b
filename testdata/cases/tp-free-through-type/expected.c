/* A dealloc that frees through its own static type (`ItemType.tp_free(self)`), with tp_free
 * inherited from object. The heap type is a GC type, so it frees with PyObject_GC_Del. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *label;
} ItemObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *ItemType; /* was: static PyTypeObject ItemType */
} tpfree_state;

static inline tpfree_state *
get_tpfree_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tpfree_state *)state;
}

static int
tpfree_traverse(PyObject *module, visitproc visit, void *arg)
{
    tpfree_state *st = get_tpfree_state(module);
    Py_VISIT(st->ItemType);
    return 0;
}

static int
tpfree_clear(PyObject *module)
{
    tpfree_state *st = get_tpfree_state(module);
    Py_CLEAR(st->ItemType);
    return 0;
}

static void
tpfree_free(void *module)
{
    (void)tpfree_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tpfree_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static void
Item_dealloc(ItemObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->label);
    PyObject_GC_Del((PyObject *)self);
    Py_DECREF(tp);
}

static int
Item_init(ItemObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *label = NULL;
    if (!PyArg_ParseTuple(args, "U", &label))
        return -1;
    Py_INCREF(label);
    Py_XSETREF(self->label, label);
    return 0;
}

static PyObject *
Item_repr(ItemObject *self)
{
    return PyUnicode_FromFormat("Item(%R)", self->label ? self->label : Py_None);
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Item_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Item_slots[] = {
    {Py_tp_dealloc, (void *)Item_dealloc},
    {Py_tp_repr, (void *)Item_repr},
    {Py_tp_traverse, (void *)Item_traverse},
    {Py_tp_init, (void *)Item_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Item_spec = {
    .name = "tpfree.Item",
    .basicsize = sizeof(ItemObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Item_slots,
};

static int tpfree_exec(PyObject *m);

static PyModuleDef_Slot tpfree_slots[] = {
    {Py_mod_exec, (void *)tpfree_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tpfree_module = {
    PyModuleDef_HEAD_INIT, "tpfree", NULL, sizeof(tpfree_state), NULL,
    tpfree_slots,
    tpfree_traverse,
    tpfree_clear,
    tpfree_free,
};

static int
tpfree_exec(PyObject *m)
{
    tpfree_state *st = get_tpfree_state(m);
    if (tpfree_create_type(m, &Item_spec, NULL, &st->ItemType, 0) < 0)
        return -1;
    Py_INCREF(st->ItemType);
    if (PyModule_AddObject(m, "Item", (PyObject *)st->ItemType) < 0) {
        Py_DECREF(st->ItemType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_tpfree(void)
{
    return PyModuleDef_Init(&tpfree_module);
}
