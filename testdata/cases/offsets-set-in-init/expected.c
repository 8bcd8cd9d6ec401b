/* Slots, the methods table and offsets filled in by the init function, as older extensions do
 * (offsetof was not a constant expression everywhere), and a traverse function on one line. */
#include <Python.h>
#include "structmember.h"
#include <stddef.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *payload;
    PyObject *dict;
    PyObject *weakreflist;
} NodeObject;

static int node_traverse(NodeObject *self, visitproc visit, void *arg) { Py_VISIT(Py_TYPE(self)); Py_VISIT(self->payload); Py_VISIT(self->dict); return 0; }

static int
node_clear(NodeObject *self)
{
    Py_CLEAR(self->payload);
    Py_CLEAR(self->dict);
    return 0;
}

static void
node_dealloc(NodeObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL)
        PyObject_ClearWeakRefs((PyObject *)self);
    node_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static int
node_init(NodeObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *payload = Py_None;
    if (!PyArg_ParseTuple(args, "|O", &payload))
        return -1;
    Py_INCREF(payload);
    Py_XSETREF(self->payload, payload);
    return 0;
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *NodeType; /* was: static PyTypeObject NodeType */
} offsets_state;

static struct PyModuleDef offsets_module;

static inline offsets_state *
get_offsets_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (offsets_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline offsets_state *
offsets_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &offsets_module);
    return module == NULL ? NULL : get_offsets_state(module);
}

/* The state of `self`, a NodeObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline offsets_state *
offsets_get_state_of_NodeObject(NodeObject *self)
{
    if (self->module_state == NULL)
        self->module_state = offsets_get_state_by_type(Py_TYPE(self));
    return (offsets_state *)self->module_state;
}

static int
offsets_traverse(PyObject *module, visitproc visit, void *arg)
{
    offsets_state *st = get_offsets_state(module);
    Py_VISIT(st->NodeType);
    return 0;
}

static int
offsets_clear(PyObject *module)
{
    offsets_state *st = get_offsets_state(module);
    Py_CLEAR(st->NodeType);
    return 0;
}

static void
offsets_free(void *module)
{
    (void)offsets_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
offsets_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
node_spawn(NodeObject *self, PyObject *Py_UNUSED(ignored))
{
    offsets_state *st = offsets_get_state_of_NodeObject(self);
    if (st == NULL)
        return NULL;
    /* A new plain Node holding this one, whatever the subclass of self. */
    return PyObject_CallOneArg((PyObject *)st->NodeType, (PyObject *)self);
}

static PyMethodDef node_methods[] = {
    {"spawn", (PyCFunction)node_spawn, METH_NOARGS, "A new Node holding this one."},
    {NULL, NULL, 0, NULL}
};

static PyMemberDef Node_members[] = {
    {"__dictoffset__", T_PYSSIZET, offsetof(NodeObject, dict), READONLY, NULL},
    {"__weaklistoffset__", T_PYSSIZET, offsetof(NodeObject, weakreflist), READONLY, NULL},
    {NULL},
};

static PyType_Slot Node_slots[] = {
    {Py_tp_dealloc, (void *)node_dealloc},
    {Py_tp_traverse, (void *)node_traverse},
    {Py_tp_clear, (void *)node_clear},
    {Py_tp_methods, (void *)node_methods},
    {Py_tp_init, (void *)node_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {Py_tp_members, (void *)Node_members},
    {0, NULL},
};

static PyType_Spec Node_spec = {
    .name = "offsets.Node",
    .basicsize = sizeof(NodeObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Node_slots,
};

static int offsets_exec(PyObject *m);

static PyModuleDef_Slot offsets_slots[] = {
    {Py_mod_exec, (void *)offsets_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef offsets_module = {
    PyModuleDef_HEAD_INIT, "offsets", NULL, sizeof(offsets_state), NULL,
    offsets_slots,
    offsets_traverse,
    offsets_clear,
    offsets_free,
};

static int
offsets_exec(PyObject *m)
{
    offsets_state *st = get_offsets_state(m);

    if (offsets_create_type(m, &Node_spec, NULL, &st->NodeType, 0) < 0)
        return -1;
    Py_INCREF(st->NodeType);
    if (PyModule_AddObject(m, "Node", (PyObject *)st->NodeType) < 0) {
        Py_DECREF(st->NodeType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_offsets(void)
{
    return PyModuleDef_Init(&offsets_module);
}
