/* The Ring type (a fixed-size ring of Python objects) and its iterator. */
#include "ring.h"
#include "ringbuf_state.h"

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
    PyTypeObject *tp = Py_TYPE(self);
    Py_ssize_t i;
    PyObject_GC_UnTrack(self);
    for (i = 0; i < self->size; i++)
        Py_XDECREF(self->items[i]);
    PyMem_Free(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
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

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
Ring_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Ring_slots[] = {
    {Py_tp_dealloc, (void *)ring_dealloc},
    {Py_sq_length, (void *)ring_length},
    {Py_sq_item, (void *)ring_item},
    {Py_tp_doc, (void *)"Ring(size): the last `size` items pushed."},
    {Py_tp_traverse, (void *)Ring_traverse},
    {Py_tp_methods, (void *)ring_methods},
    {Py_tp_new, (void *)ring_new},
    {0, NULL},
};

static PyType_Spec Ring_spec = {
    .name = "ringbuf.Ring",
    .basicsize = sizeof(RingObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Ring_slots,
};

int
ring_init_types(PyObject *module)
{
    ringbuf_state *st = get_ringbuf_state(module);
    if (ringbuf_create_type(module, &Ring_spec, NULL, &st->RingType, 0) < 0)
        return -1;
    return 0;
}

int
ring_register(PyObject *module)
{
    ringbuf_state *st = get_ringbuf_state(module);
    Py_INCREF(st->RingType);
    if (PyModule_AddObject(module, "Ring", (PyObject *)st->RingType) < 0) {
        Py_DECREF(st->RingType);
        return -1;
    }
    return 0;
}
