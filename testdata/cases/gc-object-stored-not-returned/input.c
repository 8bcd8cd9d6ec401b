/*
 * lrunode: the node type of a small LRU map. Nodes are made with PyObject_NEW and stored in the
 * map's dict, never returned to the caller (the layout of LRU caches written in C).
 */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *key;
    PyObject *value;
    long hits;
} Node;

static void
node_dealloc(Node *self)
{
    Py_XDECREF(self->key);
    Py_XDECREF(self->value);
    PyObject_Del(self);
}

static PyObject *
node_repr(Node *self)
{
    return PyUnicode_FromFormat("<Node %R=%R hits=%ld>", self->key, self->value, self->hits);
}

static PyTypeObject NodeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "lrunode.Node",
    .tp_basicsize = sizeof(Node),
    .tp_dealloc = (destructor)node_dealloc,
    .tp_repr = (reprfunc)node_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

/* put(d, key, value): d[key] = a new Node holding both. */
static PyObject *
lrunode_put(PyObject *module, PyObject *args)
{
    PyObject *d, *key, *value;
    Node *node;
    int res;

    if (!PyArg_ParseTuple(args, "O!OO:put", &PyDict_Type, &d, &key, &value))
        return NULL;
    node = PyObject_NEW(Node, &NodeType);
    if (!node) {
        return NULL;
    }
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
    PyObject *d, *key, *found;

    if (!PyArg_ParseTuple(args, "O!O:get", &PyDict_Type, &d, &key))
        return NULL;
    found = PyDict_GetItemWithError(d, key);
    if (found == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    if (!PyObject_TypeCheck(found, &NodeType)) {
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

static struct PyModuleDef lrunode_module = {
    PyModuleDef_HEAD_INIT, "lrunode", NULL, -1, lrunode_methods
};

PyMODINIT_FUNC
PyInit_lrunode(void)
{
    if (PyType_Ready(&NodeType) < 0)
        return NULL;
    return PyModule_Create(&lrunode_module);
}
