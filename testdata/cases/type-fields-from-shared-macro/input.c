/* A bag of named counts with key and count views: the views share one set of
   slots, and so do their iterators, through object-like macros. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

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

static PyTypeObject Bag_Type;
static PyTypeObject BagKeys_Type;
static PyTypeObject BagCounts_Type;
static PyTypeObject BagKeysIter_Type;
static PyTypeObject BagCountsIter_Type;

/* ---- iterators ---- */

static void
bagiter_dealloc(BagIter *it)
{
    PyObject_GC_UnTrack(it);
    Py_XDECREF(it->inner);
    PyObject_GC_Del(it);
}

static int
bagiter_traverse(BagIter *it, visitproc visit, void *arg)
{
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

#define BAG_ITER_SHARED_SLOTS                                   \
    .tp_basicsize = sizeof(BagIter),                            \
    .tp_itemsize = 0,                                           \
    .tp_dealloc = (destructor)bagiter_dealloc,                  \
    .tp_getattro = PyObject_GenericGetAttr,                     \
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,        \
    .tp_traverse = (traverseproc)bagiter_traverse,              \
    .tp_iter = PyObject_SelfIter,                               \
    .tp_iternext = (iternextfunc)bagiter_next,

static PyTypeObject BagKeysIter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "bagmod.keys_iterator",
    BAG_ITER_SHARED_SLOTS
};

static PyTypeObject BagCountsIter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "bagmod.counts_iterator",
    BAG_ITER_SHARED_SLOTS
};

/* ---- views ---- */

static void
bagview_dealloc(BagView *v)
{
    PyObject_GC_UnTrack(v);
    Py_XDECREF(v->bag);
    PyObject_GC_Del(v);
}

static int
bagview_traverse(BagView *v, visitproc visit, void *arg)
{
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
    PyTypeObject *type = v->want_keys ? &BagKeysIter_Type : &BagCountsIter_Type;
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

static PyMappingMethods BagView_as_mapping = {
    (lenfunc)bagview_len,
};

#define BAG_VIEW_SHARED_SLOTS                                   \
    .tp_basicsize = sizeof(BagView),                            \
    .tp_itemsize = 0,                                           \
    .tp_as_mapping = &BagView_as_mapping,                       \
    .tp_dealloc = (destructor)bagview_dealloc,                  \
    .tp_getattro = PyObject_GenericGetAttr,                     \
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,        \
    .tp_traverse = (traverseproc)bagview_traverse,              \
    .tp_iter = (getiterfunc)bagview_iter,

static PyTypeObject BagKeys_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "bagmod.keys",
    BAG_VIEW_SHARED_SLOTS
};

static PyTypeObject BagCounts_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "bagmod.counts",
    BAG_VIEW_SHARED_SLOTS
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
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->counts);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
bag_traverse(BagObject *self, visitproc visit, void *arg)
{
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
    return bag_new_view(self, &BagKeys_Type, 1);
}

static PyObject *
bag_counts(BagObject *self, PyObject *unused)
{
    return bag_new_view(self, &BagCounts_Type, 0);
}

static PyMethodDef bag_methods[] = {
    {"add", (PyCFunction)bag_add, METH_O, "Count one more of key."},
    {"keys", (PyCFunction)bag_keys, METH_NOARGS, "A view of the keys."},
    {"counts", (PyCFunction)bag_counts, METH_NOARGS, "A view of the counts."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Bag_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "bagmod.Bag",
    .tp_basicsize = sizeof(BagObject),
    .tp_dealloc = (destructor)bag_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A bag of counts.",
    .tp_traverse = (traverseproc)bag_traverse,
    .tp_methods = bag_methods,
    .tp_new = bag_new,
};

static struct PyModuleDef bagmod_module = {
    PyModuleDef_HEAD_INIT,
    "bagmod",
    "Bags of counts.",
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_bagmod(void)
{
    PyObject *m;

    if (PyType_Ready(&Bag_Type) < 0 ||
        PyType_Ready(&BagKeys_Type) < 0 ||
        PyType_Ready(&BagCounts_Type) < 0 ||
        PyType_Ready(&BagKeysIter_Type) < 0 ||
        PyType_Ready(&BagCountsIter_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&bagmod_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Bag_Type);
    if (PyModule_AddObject(m, "Bag", (PyObject *)&Bag_Type) < 0) {
        Py_DECREF(&Bag_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
