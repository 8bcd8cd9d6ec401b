/* The Ring type (a fixed-size ring of Python objects) and its iterator. */
#include "ring.h"

typedef struct {
    PyObject_HEAD
    PyObject **items;
    Py_ssize_t size;
    Py_ssize_t start;
    Py_ssize_t count;
} RingObject;

static PyObject *
ring_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"size", NULL};
    Py_ssize_t size;
    RingObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n:Ring", kwlist, &size))
        return NULL;
    if (size <= 0) {
        PyErr_SetString(PyExc_ValueError, "a ring needs a positive size");
        return NULL;
    }
    self = (RingObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->items = PyMem_Calloc((size_t)size, sizeof(PyObject *));
    if (self->items == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->size = size;
    return (PyObject *)self;
}

static void
ring_dealloc(RingObject *self)
{
    Py_ssize_t i;
    for (i = 0; i < self->size; i++)
        Py_XDECREF(self->items[i]);
    PyMem_Free(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
ring_push(RingObject *self, PyObject *item)
{
    Py_ssize_t at = (self->start + self->count) % self->size;
    Py_INCREF(item);
    Py_XSETREF(self->items[at], item);
    if (self->count < self->size)
        self->count++;
    else
        self->start = (self->start + 1) % self->size;
    Py_RETURN_NONE;
}

static Py_ssize_t
ring_length(RingObject *self)
{
    return self->count;
}

static PyObject *
ring_item(RingObject *self, Py_ssize_t i)
{
    PyObject *item;
    if (i < 0 || i >= self->count) {
        PyErr_SetString(PyExc_IndexError, "ring index out of range");
        return NULL;
    }
    item = self->items[(self->start + i) % self->size];
    Py_INCREF(item);
    return item;
}

static PyMethodDef ring_methods[] = {
    {"push", (PyCFunction)ring_push, METH_O, "push(x): add x, dropping the oldest item when full."},
    {NULL, NULL, 0, NULL}
};

static PySequenceMethods ring_as_sequence = {
    (lenfunc)ring_length,       /* sq_length */
    0,                          /* sq_concat */
    0,                          /* sq_repeat */
    (ssizeargfunc)ring_item,    /* sq_item */
};

static PyTypeObject RingType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ringbuf.Ring",
    .tp_basicsize = sizeof(RingObject),
    .tp_dealloc = (destructor)ring_dealloc,
    .tp_as_sequence = &ring_as_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Ring(size): the last `size` items pushed.",
    .tp_methods = ring_methods,
    .tp_new = ring_new,
};

int
ring_init_types(void)
{
    if (PyType_Ready(&RingType) < 0)
        return -1;
    return 0;
}

int
ring_register(PyObject *module)
{
    Py_INCREF(&RingType);
    if (PyModule_AddObject(module, "Ring", (PyObject *)&RingType) < 0) {
        Py_DECREF(&RingType);
        return -1;
    }
    return 0;
}
