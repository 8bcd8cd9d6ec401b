/* The types are readied in a helper that takes nothing, called from the init function before the
 * module exists (the layout of extensions that keep one *_init() per source section). In exec the
 * module exists from the start: the helper is given it, and creates the heap types with it. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *items;    /* a list */
} BagObject;

typedef struct {
    PyObject_HEAD
    BagObject *bag;
    Py_ssize_t next;
} BagIterObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Bag_Type;     /* was: static PyTypeObject Bag_Type */
    PyTypeObject *BagIter_Type; /* was: static PyTypeObject BagIter_Type */
} bag_state;

static inline bag_state *
get_bag_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (bag_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline bag_state *
bag_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (bag_state *)state;
}

static int
bag_traverse(PyObject *module, visitproc visit, void *arg)
{
    bag_state *st = get_bag_state(module);
    Py_VISIT(st->Bag_Type);
    Py_VISIT(st->BagIter_Type);
    return 0;
}

static int
bag_clear(PyObject *module)
{
    bag_state *st = get_bag_state(module);
    Py_CLEAR(st->Bag_Type);
    Py_CLEAR(st->BagIter_Type);
    return 0;
}

static void
bag_free(void *module)
{
    (void)bag_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
bag_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static PyObject *
Bag_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    BagObject *self = (BagObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->items = PyList_New(0);
    if (self->items == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static int
Bag_traverse(BagObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->items);
    return 0;
}

static void
Bag_dealloc(BagObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Bag_add(BagObject *self, PyObject *item)
{
    if (PyList_Append(self->items, item) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
Bag_iter(BagObject *self)
{
    bag_state *st = bag_get_state_of_type(Py_TYPE(self));
    BagIterObject *it = PyObject_GC_New(BagIterObject, st->BagIter_Type);
    if (it == NULL)
        return NULL;
    Py_INCREF(self);
    it->bag = self;
    it->next = 0;
    PyObject_GC_Track(it);
    return (PyObject *)it;
}

static PyMethodDef Bag_methods[] = {
    {"add", (PyCFunction)Bag_add, METH_O, "Put an item in the bag."},
    {NULL, NULL, 0, NULL},
};

static int
BagIter_traverse(BagIterObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->bag);
    return 0;
}

static void
BagIter_dealloc(BagIterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->bag);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyObject *
BagIter_next(BagIterObject *self)
{
    PyObject *item;
    if (self->next >= PyList_GET_SIZE(self->bag->items))
        return NULL;
    item = PyList_GET_ITEM(self->bag->items, self->next++);
    Py_INCREF(item);
    return item;
}

static PyType_Slot Bag_slots[] = {
    {Py_tp_dealloc, (void *)Bag_dealloc},
    {Py_tp_traverse, (void *)Bag_traverse},
    {Py_tp_iter, (void *)Bag_iter},
    {Py_tp_methods, (void *)Bag_methods},
    {Py_tp_new, (void *)Bag_new},
    {0, NULL},
};

static PyType_Spec Bag_spec = {
    .name = "bag.Bag",
    .basicsize = sizeof(BagObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Bag_slots,
};

static PyType_Slot BagIter_slots[] = {
    {Py_tp_dealloc, (void *)BagIter_dealloc},
    {Py_tp_traverse, (void *)BagIter_traverse},
    {Py_tp_iter, (void *)PyObject_SelfIter},
    {Py_tp_iternext, (void *)BagIter_next},
    {0, NULL},
};

static PyType_Spec BagIter_spec = {
    .name = "bag.BagIterator",
    .basicsize = sizeof(BagIterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = BagIter_slots,
};

static int
bag_types_init(PyObject *module)
{
    bag_state *st = get_bag_state(module);
    if (bag_create_type(module, &Bag_spec, NULL, &st->Bag_Type, 0) < 0)
        return -1;
    if (bag_create_type(module, &BagIter_spec, NULL, &st->BagIter_Type, 1) < 0)
        return -1;
    return 0;
}

static int bag_exec(PyObject *module);

static PyModuleDef_Slot bag_slots[] = {
    {Py_mod_exec, (void *)bag_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef bag_module = {
    PyModuleDef_HEAD_INIT, "bag", "An unordered collection.", sizeof(bag_state), NULL,
    bag_slots,
    bag_traverse,
    bag_clear,
    bag_free
};

static int
bag_exec(PyObject *module)
{
    bag_state *st = get_bag_state(module);

    if (bag_types_init(module) < 0)
        return -1;

    Py_INCREF(st->Bag_Type);
    if (PyModule_AddObject(module, "Bag", (PyObject *)st->Bag_Type) < 0) {
        Py_DECREF(st->Bag_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_bag(void)
{
    return PyModuleDef_Init(&bag_module);
}
