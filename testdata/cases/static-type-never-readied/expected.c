/* Static types that are never passed to PyType_Ready: CPython readies them lazily on first attribute lookup
 * (pyalsaaudio's PCM/Mixer are only added with PyModule_AddObject; pylzma's and pyahocorasick's helper types are
 * only created with PyObject_New by a factory). */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long value;
} BoxObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *BoxType;   /* was: static PyTypeObject BoxType */
    PyTypeObject *TokenType; /* was: static PyTypeObject TokenType */
} boxes_state;

static inline boxes_state *
get_boxes_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (boxes_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline boxes_state *
boxes_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (boxes_state *)state;
}

static int
boxes_traverse(PyObject *module, visitproc visit, void *arg)
{
    boxes_state *st = get_boxes_state(module);
    Py_VISIT(st->BoxType);
    Py_VISIT(st->TokenType);
    return 0;
}

static int
boxes_clear(PyObject *module)
{
    boxes_state *st = get_boxes_state(module);
    Py_CLEAR(st->BoxType);
    Py_CLEAR(st->TokenType);
    return 0;
}

static void
boxes_free(void *module)
{
    (void)boxes_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
boxes_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type, int disallow_new)
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
            PyErr_NoMemory(); /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
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
box_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long v = 0;
    BoxObject *self;
    if (!PyArg_ParseTuple(args, "|l", &v))
        return NULL;
    self = PyObject_GC_New(BoxObject, type);
    if (self != NULL)
        self->value = v;
    PyObject_GC_Track((PyObject *)self);
    return (PyObject *)self;
}

static PyObject *
box_get(BoxObject *self, PyObject *noargs)
{
    return PyLong_FromLong(self->value);
}

static PyObject *
box_token(BoxObject *self, PyObject *noargs)
{
    boxes_state *st = boxes_get_state_of_type(Py_TYPE(self));
    BoxObject *t = PyObject_GC_New(BoxObject, st->TokenType);   /* a helper type only made here */
    if (t != NULL)
        t->value = self->value * 2;
    PyObject_GC_Track((PyObject *)t);
    return (PyObject *)t;
}

static void
box_dealloc(BoxObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyMethodDef box_methods[] = {
    {"get", (PyCFunction)box_get, METH_NOARGS, NULL},
    {"token", (PyCFunction)box_token, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyMethodDef token_methods[] = {
    {"get", (PyCFunction)box_get, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it (pyext-isolate). */
static int
Box_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Box_slots[] = {
    {Py_tp_dealloc, (void *)box_dealloc},
    {Py_tp_getattro, (void *)PyObject_GenericGetAttr},
    {Py_tp_traverse, (void *)Box_traverse},
    {Py_tp_methods, (void *)box_methods},
    {Py_tp_new, (void *)box_new},
    {0, NULL},
};

static PyType_Spec Box_spec = {
    .name = "boxes.Box",
    .basicsize = sizeof(BoxObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Box_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it (pyext-isolate). */
static int
Token_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Token_slots[] = {
    {Py_tp_dealloc, (void *)box_dealloc},
    {Py_tp_getattro, (void *)PyObject_GenericGetAttr},
    {Py_tp_traverse, (void *)Token_traverse},
    {Py_tp_methods, (void *)token_methods},
    {0, NULL},
};

static PyType_Spec Token_spec = {
    .name = "boxes.Token",
    .basicsize = sizeof(BoxObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Token_slots,
};

static int boxes_exec(PyObject *m);

static PyModuleDef_Slot boxes_slots[] = {
    {Py_mod_exec, (void *)boxes_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef def = { PyModuleDef_HEAD_INIT, "boxes", NULL, sizeof(boxes_state), NULL, boxes_slots, boxes_traverse, boxes_clear, boxes_free };

static int
boxes_exec(PyObject *m)
{
    boxes_state *st = get_boxes_state(m);
    if (boxes_create_type(m, &Box_spec, NULL, &st->BoxType, 0) < 0)
        return -1;
    if (boxes_create_type(m, &Token_spec, NULL, &st->TokenType, 1) < 0)
        return -1;
    Py_INCREF(st->BoxType);
    if (PyModule_AddObject(m, "Box", (PyObject *)st->BoxType) < 0) {
        Py_DECREF(st->BoxType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_boxes(void)
{
    return PyModuleDef_Init(&def);
}
