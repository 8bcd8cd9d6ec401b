/*
 * lrunode: the node type of a small LRU map. Nodes are made with PyObject_NEW and stored in the
 * map's dict, never returned to the caller (the layout of LRU caches written in C).
 */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *key;
    PyObject *value;
    long hits;
} Node;

static void
node_dealloc(Node *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->key);
    Py_XDECREF(self->value);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyObject *
node_repr(Node *self)
{
    return PyUnicode_FromFormat("<Node %R=%R hits=%ld>", self->key, self->value, self->hits);
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *NodeType; /* was: static PyTypeObject NodeType */
} lrunode_state;

static inline lrunode_state *
get_lrunode_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (lrunode_state *)state;
}

static int
lrunode_traverse(PyObject *module, visitproc visit, void *arg)
{
    lrunode_state *st = get_lrunode_state(module);
    Py_VISIT(st->NodeType);
    return 0;
}

static int
lrunode_clear(PyObject *module)
{
    lrunode_state *st = get_lrunode_state(module);
    Py_CLEAR(st->NodeType);
    return 0;
}

static void
lrunode_free(void *module)
{
    (void)lrunode_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
lrunode_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Node_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Node_slots[] = {
    {Py_tp_dealloc, (void *)node_dealloc},
    {Py_tp_repr, (void *)node_repr},
    {Py_tp_traverse, (void *)Node_traverse},
    {0, NULL},
};

static PyType_Spec Node_spec = {
    .name = "lrunode.Node",
    .basicsize = sizeof(Node),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Node_slots,
};

/* put(d, key, value): d[key] = a new Node holding both. */
static PyObject *
lrunode_put(PyObject *module, PyObject *args)
{
    lrunode_state *st = get_lrunode_state(module);
    PyObject *d, *key, *value;
    Node *node;
    int res;

    if (!PyArg_ParseTuple(args, "O!OO:put", &PyDict_Type, &d, &key, &value))
        return NULL;
    node = PyObject_GC_New(Node, st->NodeType);
    if (!node) {
        return NULL;
    }
    PyObject_GC_Track((PyObject *)node);
    Py_INCREF(key);
    node->key = key;
    Py_INCREF(value);
    node->value = value;
    node->hits = 0;
    res = PyDict_SetItem(d, key, (PyObject *)node);
    Py_DECREF(node);
    if (res < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* get(d, key): the value of the node stored under key, counting the hit. */
static PyObject *
lrunode_get(PyObject *module, PyObject *args)
{
    lrunode_state *st = get_lrunode_state(module);
    PyObject *d, *key, *found;

    if (!PyArg_ParseTuple(args, "O!O:get", &PyDict_Type, &d, &key))
        return NULL;
    found = PyDict_GetItemWithError(d, key);
    if (found == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    if (!PyObject_TypeCheck(found, st->NodeType)) {
        PyErr_SetString(PyExc_TypeError, "not a node");
        return NULL;
    }
    ((Node *)found)->hits++;
    Py_INCREF(((Node *)found)->value);
    return ((Node *)found)->value;
}

static PyMethodDef lrunode_methods[] = {
    {"put", lrunode_put, METH_VARARGS, "put(d, key, value)"},
    {"get", lrunode_get, METH_VARARGS, "get(d, key) -> value"},
    {NULL, NULL, 0, NULL}
};

static int lrunode_exec(PyObject *module);

static PyModuleDef_Slot lrunode_slots[] = {
    {Py_mod_exec, (void *)lrunode_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef lrunode_module = {
    PyModuleDef_HEAD_INIT, "lrunode", NULL, sizeof(lrunode_state), lrunode_methods,
    lrunode_slots,
    lrunode_traverse,
    lrunode_clear,
    lrunode_free
};

static int
lrunode_exec(PyObject *module)
{
    lrunode_state *st = get_lrunode_state(module);

    if (lrunode_create_type(module, &Node_spec, NULL, &st->NodeType, 1) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_lrunode(void)
{
    return PyModuleDef_Init(&lrunode_module);
}
