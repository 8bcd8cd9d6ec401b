/* The types are readied in a helper that takes nothing, called from the init function before the
 * module exists (the layout of extensions that keep one *_init() per source section). In exec the
 * module exists from the start: the helper is given it, and creates the heap types with it. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *items;    /* a list */
} BagObject;

typedef struct {
    PyObject_HEAD
    BagObject *bag;
    Py_ssize_t next;
} BagIterObject;

static PyTypeObject Bag_Type;
static PyTypeObject BagIter_Type;

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
    Py_VISIT(self->items);
    return 0;
}

static void
Bag_dealloc(BagObject *self)
{
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
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
    BagIterObject *it = PyObject_GC_New(BagIterObject, &BagIter_Type);
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
    Py_VISIT(self->bag);
    return 0;
}

static void
BagIter_dealloc(BagIterObject *self)
{
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->bag);
    PyObject_GC_Del(self);
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

static PyTypeObject Bag_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "bag.Bag",
    .tp_basicsize = sizeof(BagObject),
    .tp_dealloc = (destructor)Bag_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)Bag_traverse,
    .tp_iter = (getiterfunc)Bag_iter,
    .tp_methods = Bag_methods,
    .tp_new = Bag_new,
};

static PyTypeObject BagIter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "bag.BagIterator",
    .tp_basicsize = sizeof(BagIterObject),
    .tp_dealloc = (destructor)BagIter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)BagIter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)BagIter_next,
};

static int
bag_types_init(void)
{
    if (PyType_Ready(&Bag_Type) < 0)
        return -1;
    if (PyType_Ready(&BagIter_Type) < 0)
        return -1;
    return 0;
}

static struct PyModuleDef bag_module = {
    PyModuleDef_HEAD_INIT, "bag", "An unordered collection.", -1, NULL
};

PyMODINIT_FUNC
PyInit_bag(void)
{
    PyObject *module;

    if (bag_types_init() < 0)
        return NULL;

    module = PyModule_Create(&bag_module);
    if (module == NULL)
        return NULL;
    Py_INCREF(&Bag_Type);
    if (PyModule_AddObject(module, "Bag", (PyObject *)&Bag_Type) < 0) {
        Py_DECREF(&Bag_Type);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
