/*
 * ring: a ring of links, as fastcache's clru_cache keeps its list (self-written). The ring's
 * sentinel link is made with PyObject_New straight into a field (`ring->root = ...`), and each new
 * link in a declaration followed by another declaration, its NULL check after both. Link and Ring
 * become GC types: each object is tracked where it is known to exist, with no statement before a
 * declaration, and the ring that an error path frees with PyObject_Del drops its reference to its
 * (now heap) type and goes with PyObject_GC_Del.
 */
#include <Python.h>

typedef struct Link {
    PyObject_HEAD
    struct Link *prev;
    struct Link *next;
    PyObject *value;
} Link;

typedef struct {
    PyObject_HEAD
    Link *root;
    Py_ssize_t size;
} Ring;

static void
link_dealloc(Link *self)
{
    Py_XDECREF(self->value);
    PyObject_Del(self);
}

static PyTypeObject Link_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ring.Link",
    .tp_basicsize = sizeof(Link),
    .tp_dealloc = (destructor)link_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

static int
ring_push(Ring *ring, PyObject *value)
{
    Link *first = PyObject_New(Link, &Link_Type);
    Link *old = ring->root->next;

    if (first == NULL)
        return -1;
    Py_INCREF(value);
    first->value = value;
    first->prev = ring->root;
    first->next = old;
    old->prev = first;
    ring->root->next = first;
    ring->size++;
    return 0;
}

static void
ring_dealloc(Ring *self)
{
    Link *l = self->root->next;
    while (l != self->root) {
        Link *next = l->next;
        Py_DECREF(l);
        l = next;
    }
    Py_DECREF(self->root);
    PyObject_Del(self);
}

static PyObject *
ring_len(Ring *self, PyObject *unused)
{
    return PyLong_FromSsize_t(self->size);
}

static PyObject *
ring_add(Ring *self, PyObject *value)
{
    if (ring_push(self, value) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
ring_newest(Ring *self, PyObject *unused)
{
    if (self->size == 0)
        Py_RETURN_NONE;
    Py_INCREF(self->root->next->value);
    return self->root->next->value;
}

static PyMethodDef ring_methods[] = {
    {"add", (PyCFunction)ring_add, METH_O, NULL},
    {"size", (PyCFunction)ring_len, METH_NOARGS, NULL},
    {"newest", (PyCFunction)ring_newest, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Ring_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ring.Ring",
    .tp_basicsize = sizeof(Ring),
    .tp_dealloc = (destructor)ring_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = ring_methods,
};

static PyObject *
ring_make(PyObject *module, PyObject *unused)
{
    Ring *ring = PyObject_New(Ring, &Ring_Type);
    if (ring == NULL)
        return NULL;
    ring->size = 0;
    // the sentinel link: the ring's both ends
    ring->root = PyObject_New(Link, &Link_Type);
    if (ring->root == NULL) {
        PyObject_Del(ring);
        return NULL;
    }
    ring->root->prev = ring->root->next = ring->root;
    Py_INCREF(Py_None);
    ring->root->value = Py_None;
    return (PyObject *)ring;
}

static PyMethodDef module_methods[] = {
    {"make", ring_make, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef ring_module = {
    PyModuleDef_HEAD_INIT, "ring", NULL, -1, module_methods
};

PyMODINIT_FUNC
PyInit_ring(void)
{
    PyObject *m;

    if (PyType_Ready(&Link_Type) < 0 || PyType_Ready(&Ring_Type) < 0)
        return NULL;
    m = PyModule_Create(&ring_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Ring_Type);
    if (PyModule_AddObject(m, "Ring", (PyObject *)&Ring_Type) < 0) {
        Py_DECREF(&Ring_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
