/* A bag of named counts with key and count views: the views share one set of
   slots, and so do their iterators, through object-like macros. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *counts; /* dict: key -> int */
} BagObject;

typedef struct {
    PyObject_HEAD
    BagObject *bag;
    int want_keys;
} BagView;

typedef struct {
    PyObject_HEAD
    PyObject *inner; /* iterator over the dict's items */
    int want_keys;
} BagIter;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *BagKeysIter_Type;   /* was: static PyTypeObject
                                         BagKeysIter_Type */
    PyTypeObject *BagCountsIter_Type; /* was: static PyTypeObject
                                         BagCountsIter_Type */
    PyTypeObject *BagKeys_Type;       /* was: static PyTypeObject
                                         BagKeys_Type */
    PyTypeObject *BagCounts_Type;     /* was: static PyTypeObject
                                         BagCounts_Type */
    PyTypeObject *Bag_Type;           /* was: static PyTypeObject Bag_Type */
} bagmod_state;

static inline bagmod_state *
get_bagmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (bagmod_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be
 * subclassed. */
static inline bagmod_state *
bagmod_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (bagmod_state *)state;
}

static int
bagmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    bagmod_state *st = get_bagmod_state(module);
    Py_VISIT(st->BagKeysIter_Type);
    Py_VISIT(st->BagCountsIter_Type);
    Py_VISIT(st->BagKeys_Type);
    Py_VISIT(st->BagCounts_Type);
    Py_VISIT(st->Bag_Type);
    return 0;
}

static int
bagmod_clear(PyObject *module)
{
    bagmod_state *st = get_bagmod_state(module);
    Py_CLEAR(st->BagKeysIter_Type);
    Py_CLEAR(st->BagCountsIter_Type);
    Py_CLEAR(st->BagKeys_Type);
    Py_CLEAR(st->BagCounts_Type);
    Py_CLEAR(st->Bag_Type);
    return 0;
}

static void
bagmod_free(void *module)
{
    (void)bagmod_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
bagmod_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                   PyTypeObject **type, int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL) {
            return -1;
        }
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

/* ---- iterators ---- */

static void
bagiter_dealloc(BagIter *it)
{
    PyTypeObject *tp = Py_TYPE(it);
    PyObject_GC_UnTrack(it);
    Py_XDECREF(it->inner);
    PyObject_GC_Del(it);
    Py_DECREF(tp);
}

static int
bagiter_traverse(BagIter *it, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(it));
    Py_VISIT(it->inner);
    return 0;
}

static PyObject *
bagiter_next(BagIter *it)
{
    PyObject *pair = PyIter_Next(it->inner);
    PyObject *res;

    if (pair == NULL) {
        return NULL;
    }
    res = PyTuple_GET_ITEM(pair, it->want_keys ? 0 : 1);
    Py_INCREF(res);
    Py_DECREF(pair);
    return res;
}

static PyType_Slot BagKeysIter_slots[] = {
    {Py_tp_dealloc, (void *)bagiter_dealloc},
    {Py_tp_getattro, (void *)PyObject_GenericGetAttr},
    {Py_tp_traverse, (void *)bagiter_traverse},
    {Py_tp_iter, (void *)PyObject_SelfIter},
    {Py_tp_iternext, (void *)bagiter_next},
    {0, NULL},
};

static PyType_Spec BagKeysIter_spec = {
    .name = "bagmod.keys_iterator",
    .basicsize = sizeof(BagIter),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = BagKeysIter_slots,
};

static PyType_Slot BagCountsIter_slots[] = {
    {Py_tp_dealloc, (void *)bagiter_dealloc},
    {Py_tp_getattro, (void *)PyObject_GenericGetAttr},
    {Py_tp_traverse, (void *)bagiter_traverse},
    {Py_tp_iter, (void *)PyObject_SelfIter},
    {Py_tp_iternext, (void *)bagiter_next},
    {0, NULL},
};

static PyType_Spec BagCountsIter_spec = {
    .name = "bagmod.counts_iterator",
    .basicsize = sizeof(BagIter),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = BagCountsIter_slots,
};

/* ---- views ---- */

static void
bagview_dealloc(BagView *v)
{
    PyTypeObject *tp = Py_TYPE(v);
    PyObject_GC_UnTrack(v);
    Py_XDECREF(v->bag);
    PyObject_GC_Del(v);
    Py_DECREF(tp);
}

static int
bagview_traverse(BagView *v, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(v));
    Py_VISIT(v->bag);
    return 0;
}

static Py_ssize_t
bagview_len(BagView *v)
{
    return PyDict_Size(v->bag->counts);
}

static PyObject *
bagview_iter(BagView *v)
{
    bagmod_state *st = bagmod_get_state_of_type(Py_TYPE(v));
    PyTypeObject *type = v->want_keys ? st->BagKeysIter_Type : st->BagCountsIter_Type;
    PyObject *items;
    BagIter *it;

    items = PyDict_Items(v->bag->counts);
    if (items == NULL) {
        return NULL;
    }
    it = PyObject_GC_New(BagIter, type);
    if (it == NULL) {
        Py_DECREF(items);
        return NULL;
    }
    it->want_keys = v->want_keys;
    it->inner = PyObject_GetIter(items);
    Py_DECREF(items);
    if (it->inner == NULL) {
        Py_DECREF(it);
        return NULL;
    }
    PyObject_GC_Track(it);
    return (PyObject *)it;
}

static PyType_Slot BagKeys_slots[] = {
    {Py_tp_dealloc, (void *)bagview_dealloc},
    {Py_mp_length, (void *)bagview_len},
    {Py_tp_getattro, (void *)PyObject_GenericGetAttr},
    {Py_tp_traverse, (void *)bagview_traverse},
    {Py_tp_iter, (void *)bagview_iter},
    {0, NULL},
};

static PyType_Spec BagKeys_spec = {
    .name = "bagmod.keys",
    .basicsize = sizeof(BagView),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = BagKeys_slots,
};

static PyType_Slot BagCounts_slots[] = {
    {Py_tp_dealloc, (void *)bagview_dealloc},
    {Py_mp_length, (void *)bagview_len},
    {Py_tp_getattro, (void *)PyObject_GenericGetAttr},
    {Py_tp_traverse, (void *)bagview_traverse},
    {Py_tp_iter, (void *)bagview_iter},
    {0, NULL},
};

static PyType_Spec BagCounts_spec = {
    .name = "bagmod.counts",
    .basicsize = sizeof(BagView),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = BagCounts_slots,
};

static PyObject *
bag_new_view(BagObject *bag, PyTypeObject *type, int want_keys)
{
    BagView *v = PyObject_GC_New(BagView, type);

    if (v == NULL) {
        return NULL;
    }
    Py_INCREF(bag);
    v->bag = bag;
    v->want_keys = want_keys;
    PyObject_GC_Track(v);
    return (PyObject *)v;
}

/* ---- the bag ---- */

static PyObject *
bag_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    BagObject *self = (BagObject *)type->tp_alloc(type, 0);

    if (self == NULL) {
        return NULL;
    }
    self->counts = PyDict_New();
    if (self->counts == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void
bag_dealloc(BagObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->counts);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static int
bag_traverse(BagObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->counts);
    return 0;
}

static PyObject *
bag_add(BagObject *self, PyObject *key)
{
    PyObject *old = PyDict_GetItemWithError(self->counts, key);
    long n = 0;
    PyObject *count;

    if (old == NULL && PyErr_Occurred()) {
        return NULL;
    }
    if (old != NULL) {
        n = PyLong_AsLong(old);
    }
    count = PyLong_FromLong(n + 1);
    if (count == NULL || PyDict_SetItem(self->counts, key, count) < 0) {
        Py_XDECREF(count);
        return NULL;
    }
    return count;
}

static PyObject *
bag_keys(BagObject *self, PyObject *unused)
{
    bagmod_state *st = bagmod_get_state_of_type(Py_TYPE(self));

    return bag_new_view(self, st->BagKeys_Type, 1);
}

static PyObject *
bag_counts(BagObject *self, PyObject *unused)
{
    bagmod_state *st = bagmod_get_state_of_type(Py_TYPE(self));

    return bag_new_view(self, st->BagCounts_Type, 0);
}

static PyMethodDef bag_methods[] = {
    {"add", (PyCFunction)bag_add, METH_O, "Count one more of key."},
    {"keys", (PyCFunction)bag_keys, METH_NOARGS, "A view of the keys."},
    {"counts", (PyCFunction)bag_counts, METH_NOARGS, "A view of the counts."},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Bag_slots[] = {
    {Py_tp_dealloc, (void *)bag_dealloc},
    {Py_tp_doc, (void *)"A bag of counts."},
    {Py_tp_traverse, (void *)bag_traverse},
    {Py_tp_methods, (void *)bag_methods},
    {Py_tp_new, (void *)bag_new},
    {0, NULL},
};

static PyType_Spec Bag_spec = {
    .name = "bagmod.Bag",
    .basicsize = sizeof(BagObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Bag_slots,
};

static int bagmod_exec(PyObject *m);

static PyModuleDef_Slot bagmod_slots[] = {
    {Py_mod_exec, (void *)bagmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef bagmod_module = {
    PyModuleDef_HEAD_INIT,
    "bagmod",
    "Bags of counts.",
    sizeof(bagmod_state),
    NULL,
    bagmod_slots,
    bagmod_traverse,
    bagmod_clear,
    bagmod_free,
};

static int
bagmod_exec(PyObject *m)
{
    bagmod_state *st = get_bagmod_state(m);

    if (bagmod_create_type(m, &Bag_spec, NULL, &st->Bag_Type, 0) < 0 ||
        bagmod_create_type(m, &BagKeys_spec, NULL, &st->BagKeys_Type, 1) < 0 ||
        bagmod_create_type(m, &BagCounts_spec, NULL, &st->BagCounts_Type, 1) < 0 ||
        bagmod_create_type(m, &BagKeysIter_spec, NULL, &st->BagKeysIter_Type, 1) < 0 ||
        bagmod_create_type(m, &BagCountsIter_spec, NULL, &st->BagCountsIter_Type, 1) < 0) {
        return -1;
    }
    Py_INCREF(st->Bag_Type);
    if (PyModule_AddObject(m, "Bag", (PyObject *)st->Bag_Type) < 0) {
        Py_DECREF(st->Bag_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_bagmod(void)
{
    return PyModuleDef_Init(&bagmod_module);
}
