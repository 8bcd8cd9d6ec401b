/*
 * ring: a ring of links, as fastcache's clru_cache keeps its list (self-written). The ring's
 * sentinel link is made with PyObject_New straight into a field (`ring->root = ...`), and each new
 * link in a declaration followed by another declaration, its NULL check after both. Link and Ring
 * become GC types: each object is tracked where it is known to exist, with no statement before a
 * declaration, and the ring that an error path frees with PyObject_Del drops its reference to its
 * (now heap) type and goes with PyObject_GC_Del.
 */
#include <Python.h>
#include "pyext_isolate_compat.h"

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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->value);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Link_Type; /* was: static PyTypeObject Link_Type */
    PyTypeObject *Ring_Type; /* was: static PyTypeObject Ring_Type */
} ring_state;

static inline ring_state *
get_ring_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (ring_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline ring_state *
ring_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (ring_state *)state;
}

static int
ring_traverse(PyObject *module, visitproc visit, void *arg)
{
    ring_state *st = get_ring_state(module);
    Py_VISIT(st->Link_Type);
    Py_VISIT(st->Ring_Type);
    return 0;
}

static int
ring_clear(PyObject *module)
{
    ring_state *st = get_ring_state(module);
    Py_CLEAR(st->Link_Type);
    Py_CLEAR(st->Ring_Type);
    return 0;
}

static void
ring_free(void *module)
{
    (void)ring_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
ring_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Link_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Link_slots[] = {
    {Py_tp_dealloc, (void *)link_dealloc},
    {Py_tp_traverse, (void *)Link_traverse},
    {0, NULL},
};

static PyType_Spec Link_spec = {
    .name = "ring.Link",
    .basicsize = sizeof(Link),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Link_slots,
};

static int
ring_push(ring_state *st, Ring *ring, PyObject *value)
{
    Link *first = PyObject_GC_New(Link, st->Link_Type);
    Link *old = ring->root->next;

    if (first == NULL)
        return -1;
    PyObject_GC_Track((PyObject *)first);
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
    PyTypeObject *tp = Py_TYPE(self);
    Link *l = self->root->next;
    PyObject_GC_UnTrack(self);
    while (l != self->root) {
        Link *next = l->next;
        Py_DECREF(l);
        l = next;
    }
    Py_DECREF(self->root);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyObject *
ring_len(Ring *self, PyObject *unused)
{
    return PyLong_FromSsize_t(self->size);
}

static PyObject *
ring_add(Ring *self, PyObject *value)
{
    ring_state *st = ring_get_state_of_type(Py_TYPE(self));
    if (ring_push(st, self, value) < 0)
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Ring_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Ring_slots[] = {
    {Py_tp_dealloc, (void *)ring_dealloc},
    {Py_tp_traverse, (void *)Ring_traverse},
    {Py_tp_methods, (void *)ring_methods},
    {0, NULL},
};

static PyType_Spec Ring_spec = {
    .name = "ring.Ring",
    .basicsize = sizeof(Ring),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Ring_slots,
};

static PyObject *
ring_make(PyObject *module, PyObject *unused)
{
    ring_state *st = get_ring_state(module);
    Ring *ring = PyObject_GC_New(Ring, st->Ring_Type);
    if (ring == NULL)
        return NULL;
    ring->size = 0;
    // the sentinel link: the ring's both ends
    ring->root = PyObject_GC_New(Link, st->Link_Type);
    if (ring->root == NULL) {
        Py_DECREF(Py_TYPE(ring));
        PyObject_GC_Del(ring);
        return NULL;
    }
    PyObject_GC_Track((PyObject *)ring->root);
    ring->root->prev = ring->root->next = ring->root;
    Py_INCREF(Py_None);
    ring->root->value = Py_None;
    PyObject_GC_Track((PyObject *)ring);
    return (PyObject *)ring;
}

static PyMethodDef module_methods[] = {
    {"make", ring_make, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int ring_exec(PyObject *m);

static PyModuleDef_Slot ring_slots[] = {
    {Py_mod_exec, (void *)ring_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef ring_module = {
    PyModuleDef_HEAD_INIT, "ring", NULL, sizeof(ring_state), module_methods,
    ring_slots,
    ring_traverse,
    ring_clear,
    ring_free
};

static int
ring_exec(PyObject *m)
{
    ring_state *st = get_ring_state(m);

    if (ring_create_type(m, &Link_spec, NULL, &st->Link_Type, 1) < 0 || ring_create_type(m, &Ring_spec, NULL, &st->Ring_Type, 1) < 0)
        return -1;
    Py_INCREF(st->Ring_Type);
    if (PyModule_AddObject(m, "Ring", (PyObject *)st->Ring_Type) < 0) {
        Py_DECREF(st->Ring_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_ring(void)
{
    return PyModuleDef_Init(&ring_module);
}
