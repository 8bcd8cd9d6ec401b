/* lrulite: an internal node type made with PyObject_NEW and kept in a dict, never returned by the
 * function that makes it (lru-dict shape). As a heap type it becomes a GC type. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *value;
    long hits;
} Node;

static void
node_dealloc(Node *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->value);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyObject *
node_repr(Node *self)
{
    return PyUnicode_FromFormat("<Node %R hits=%ld>", self->value, self->hits);
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *NodeType; /* was: static PyTypeObject NodeType */
} lrulite_state;

static inline lrulite_state *
get_lrulite_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (lrulite_state *)state;
}

static int
lrulite_traverse(PyObject *module, visitproc visit, void *arg)
{
    lrulite_state *st = get_lrulite_state(module);
    Py_VISIT(st->NodeType);
    return 0;
}

static int
lrulite_clear(PyObject *module)
{
    lrulite_state *st = get_lrulite_state(module);
    Py_CLEAR(st->NodeType);
    return 0;
}

static void
lrulite_free(void *module)
{
    (void)lrulite_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
lrulite_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
    .name = "lrulite.Node",
    .basicsize = sizeof(Node),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Node_slots,
};

/* Stores a new node under key; the node is checked for NULL before use. */
static PyObject *
lrulite_put(PyObject *module, PyObject *args)
{
    lrulite_state *st = get_lrulite_state(module);
    PyObject *d, *key, *value;
    Node *node;
    int res;

    if (!PyArg_ParseTuple(args, "O!OO", &PyDict_Type, &d, &key, &value))
        return NULL;
    node = PyObject_GC_New(Node, st->NodeType);
    if (node == NULL)
        return NULL;
    PyObject_GC_Track((PyObject *)node);
    Py_INCREF(value);
    node->value = value;
    node->hits = 0;
    res = PyDict_SetItem(d, key, (PyObject *)node);
    Py_DECREF(node);
    if (res < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* Same, in the shape that fills the node's fields straight after making it. */
static PyObject *
lrulite_put_hit(PyObject *module, PyObject *args)
{
    lrulite_state *st = get_lrulite_state(module);
    PyObject *d, *key, *value;
    int res;

    if (!PyArg_ParseTuple(args, "O!OO", &PyDict_Type, &d, &key, &value))
        return NULL;
    Node *node = PyObject_GC_New(Node, st->NodeType);
    if (node != NULL)
        PyObject_GC_Track((PyObject *)node);
    Py_INCREF(value);
    node->value = value;
    node->hits = 1;
    res = PyDict_SetItem(d, key, (PyObject *)node);
    Py_DECREF(node);
    if (res < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
lrulite_get(PyObject *module, PyObject *args)
{
    PyObject *d, *key;
    Node *node;

    if (!PyArg_ParseTuple(args, "O!O", &PyDict_Type, &d, &key))
        return NULL;
    node = (Node *)PyDict_GetItemWithError(d, key);
    if (node == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    node->hits++;
    Py_INCREF(node->value);
    return node->value;
}

static PyMethodDef lrulite_methods[] = {
    {"put", lrulite_put, METH_VARARGS, "put(d, key, value)"},
    {"put_hit", lrulite_put_hit, METH_VARARGS, "put_hit(d, key, value)"},
    {"get", lrulite_get, METH_VARARGS, "get(d, key) -> value"},
    {NULL, NULL, 0, NULL}
};

static int lrulite_exec(PyObject *module);

static PyModuleDef_Slot lrulite_slots[] = {
    {Py_mod_exec, (void *)lrulite_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef lrulitemodule = {
    PyModuleDef_HEAD_INIT, "lrulite", NULL, sizeof(lrulite_state), lrulite_methods,
    lrulite_slots,
    lrulite_traverse,
    lrulite_clear,
    lrulite_free
};

static int
lrulite_exec(PyObject *module)
{
    lrulite_state *st = get_lrulite_state(module);

    if (lrulite_create_type(module, &Node_spec, NULL, &st->NodeType, 1) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_lrulite(void)
{
    return PyModuleDef_Init(&lrulitemodule);
}
