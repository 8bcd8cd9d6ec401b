/* A linked node type whose dealloc uses the trashcan, so deep chains do not overflow the C stack. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *next;
} NodeObject;

static int
Node_traverse(NodeObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->next);
    return 0;
}

static void
Node_dealloc(NodeObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_TRASHCAN_BEGIN(self, Node_dealloc)
    Py_CLEAR(self->next);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
    Py_TRASHCAN_END
}

static PyObject *
Node_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *next = Py_None;
    NodeObject *self;
    if (!PyArg_ParseTuple(args, "|O", &next))
        return NULL;
    self = (NodeObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(next);
    self->next = next;
    return (PyObject *)self;
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Node_Type; /* was: static PyTypeObject Node_Type */
} trashnode_state;

static inline trashnode_state *
get_trashnode_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (trashnode_state *)state;
}

static int
trashnode_traverse(PyObject *module, visitproc visit, void *arg)
{
    trashnode_state *st = get_trashnode_state(module);
    Py_VISIT(st->Node_Type);
    return 0;
}

static int
trashnode_clear(PyObject *module)
{
    trashnode_state *st = get_trashnode_state(module);
    Py_CLEAR(st->Node_Type);
    return 0;
}

static void
trashnode_free(void *module)
{
    (void)trashnode_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
trashnode_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                      PyTypeObject **type, int disallow_new)
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

static PyType_Slot Node_slots[] = {
    {Py_tp_dealloc, (void *)Node_dealloc},
    {Py_tp_traverse, (void *)Node_traverse},
    {Py_tp_new, (void *)Node_new},
    {0, NULL},
};

static PyType_Spec Node_spec = {
    .name = "trashnode.Node",
    .basicsize = sizeof(NodeObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Node_slots,
};

static int trashnode_exec(PyObject *m);

static PyModuleDef_Slot trashnode_slots[] = {
    {Py_mod_exec, (void *)trashnode_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef trashnode_module = {
    PyModuleDef_HEAD_INIT, "trashnode", NULL, sizeof(trashnode_state), NULL,
    trashnode_slots,
    trashnode_traverse,
    trashnode_clear,
    trashnode_free
};

static int
trashnode_exec(PyObject *m)
{
    trashnode_state *st = get_trashnode_state(m);
    if (trashnode_create_type(m, &Node_spec, NULL, &st->Node_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Node_Type);
    if (PyModule_AddObject(m, "Node", (PyObject *)st->Node_Type) < 0) {
        Py_DECREF(st->Node_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_trashnode(void)
{
    return PyModuleDef_Init(&trashnode_module);
}
