/* Every object of this module starts with the file's own head macro: PyObject_HEAD plus the
 * fields that chain an object to its owner. One struct is nothing but the macro (the view every
 * helper takes of any object); a second head macro builds on the first and leaves its last `;`
 * to the use. Read as C before preprocessing, `NodeObject_HEAD }` is a broken declaration. */
#include <Python.h>
#include "structmember.h"
#include <stddef.h>
#include "pyext_isolate_compat.h"

struct node_link {
    struct node_object *prev;
    struct node_object *next;
};

#define NodeObject_HEAD \
    PyObject_HEAD \
    struct node_link siblings; \
    struct node_link children; \
    int valid;

#define TaggedObject_HEAD \
    NodeObject_HEAD \
    long tag

struct node_object {
    NodeObject_HEAD
};

struct ShelfObject {
    NodeObject_HEAD
    PyObject *weaklist;
    long count;
};
typedef struct ShelfObject ShelfObject;

static void
attach(struct node_object *parent, struct node_object *child)
{
    struct node_object *first = parent->children.next;

    child->siblings.prev = NULL;
    child->siblings.next = first;
    if (first) {
        first->siblings.prev = child;
    }
    parent->children.next = child;
}

typedef struct {
    TaggedObject_HEAD;
    PyObject *label;
} LabelObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ShelfClosed;    /* was: static PyObject *ShelfClosed */
    PyTypeObject *Shelf_Type; /* was: static PyTypeObject Shelf_Type */
} headmac_state;

static inline headmac_state *
get_headmac_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (headmac_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline headmac_state *
headmac_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (headmac_state *)state;
}

static int
headmac_traverse(PyObject *module, visitproc visit, void *arg)
{
    headmac_state *st = get_headmac_state(module);
    Py_VISIT(st->ShelfClosed);
    Py_VISIT(st->Shelf_Type);
    return 0;
}

static int
headmac_clear(PyObject *module)
{
    headmac_state *st = get_headmac_state(module);
    Py_CLEAR(st->ShelfClosed);
    Py_CLEAR(st->Shelf_Type);
    return 0;
}

static void
headmac_free(void *module)
{
    (void)headmac_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
headmac_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                    int disallow_new)
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
Shelf_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    ShelfObject *self = (ShelfObject *)type->tp_alloc(type, 0);

    if (self != NULL) {
        self->children.prev = NULL;
        self->children.next = NULL;
        self->weaklist = NULL;
        attach((struct node_object *)self, (struct node_object *)self);
        self->valid = 1;
        self->count = 0;
    }
    return (PyObject *)self;
}

static void
Shelf_dealloc(ShelfObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (self->weaklist != NULL) {
        PyObject_ClearWeakRefs((PyObject *)self);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Shelf_add(ShelfObject *self, PyObject *unused)
{
    if (!self->valid) {
        headmac_state *st = headmac_get_state_of_type(Py_TYPE(self));
        PyErr_SetString(st->ShelfClosed, "shelf closed");
        return NULL;
    }
    return PyLong_FromLong(++self->count);
}

static PyObject *
Shelf_close(ShelfObject *self, PyObject *unused)
{
    self->valid = 0;
    Py_RETURN_NONE;
}

static PyMethodDef Shelf_methods[] = {
    {"add", (PyCFunction)Shelf_add, METH_NOARGS, "Count one more item."},
    {"close", (PyCFunction)Shelf_close, METH_NOARGS, "Refuse further items."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Shelf_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyMemberDef Shelf_members[] = {
    {"__weaklistoffset__", T_PYSSIZET, offsetof(ShelfObject, weaklist), READONLY, NULL},
    {NULL},
};

static PyType_Slot Shelf_slots[] = {
    {Py_tp_dealloc, (void *)Shelf_dealloc},
    {Py_tp_doc, (void *)"A shelf that counts its items."},
    {Py_tp_traverse, (void *)Shelf_traverse},
    {Py_tp_methods, (void *)Shelf_methods},
    {Py_tp_new, (void *)Shelf_new},
    {Py_tp_members, (void *)Shelf_members},
    {0, NULL},
};

static PyType_Spec Shelf_spec = {
    .name = "headmac.Shelf",
    .basicsize = sizeof(ShelfObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Shelf_slots,
};

static PyObject *
label_size(PyObject *module, PyObject *unused)
{
    return PyLong_FromSize_t(sizeof(LabelObject) - sizeof(struct node_object));
}

static PyMethodDef headmac_methods[] = {
    {"label_size", label_size, METH_NOARGS, "Bytes a label adds to the node head."},
    {NULL, NULL, 0, NULL}
};

static int headmac_exec(PyObject *mod);

static PyModuleDef_Slot headmac_slots[] = {
    {Py_mod_exec, (void *)headmac_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef headmac_module = {
    PyModuleDef_HEAD_INIT, "headmac", NULL, sizeof(headmac_state), headmac_methods,
    headmac_slots,
    headmac_traverse,
    headmac_clear,
    headmac_free
};

static int
headmac_exec(PyObject *mod)
{
    headmac_state *st = get_headmac_state(mod);

    if (headmac_create_type(mod, &Shelf_spec, NULL, &st->Shelf_Type, 0) < 0) {
        return -1;
    }
    st->ShelfClosed = PyErr_NewException("headmac.ShelfClosed", NULL, NULL);
    if (st->ShelfClosed == NULL) {
        return -1;
    }
    Py_INCREF(st->ShelfClosed);
    if (PyModule_AddObject(mod, "ShelfClosed", st->ShelfClosed) < 0) {
        Py_DECREF(st->ShelfClosed);
        return -1;
    }
    Py_INCREF(st->Shelf_Type);
    if (PyModule_AddObject(mod, "Shelf", (PyObject *)st->Shelf_Type) < 0) {
        Py_DECREF(st->Shelf_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_headmac(void)
{
    return PyModuleDef_Init(&headmac_module);
}
