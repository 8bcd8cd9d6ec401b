/* lrulite: an internal node type made with PyObject_NEW and kept in a dict, never returned by the
 * function that makes it (lru-dict shape). As a heap type it becomes a GC type. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *value;
    long hits;
} Node;

static void
node_dealloc(Node *self)
{
    Py_XDECREF(self->value);
    PyObject_Del(self);
}

static PyObject *
node_repr(Node *self)
{
    return PyUnicode_FromFormat("<Node %R hits=%ld>", self->value, self->hits);
}

static PyTypeObject NodeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "lrulite.Node",                 /* tp_name */
    sizeof(Node),                   /* tp_basicsize */
    0,                              /* tp_itemsize */
    (destructor)node_dealloc,       /* tp_dealloc */
    0,                              /* tp_vectorcall_offset */
    0,                              /* tp_getattr */
    0,                              /* tp_setattr */
    0,                              /* tp_as_async */
    (reprfunc)node_repr,            /* tp_repr */
    0, 0, 0, 0, 0, 0, 0, 0, 0,
    Py_TPFLAGS_DEFAULT,             /* tp_flags */
};

/* Stores a new node under key; the node is checked for NULL before use. */
static PyObject *
lrulite_put(PyObject *module, PyObject *args)
{
    PyObject *d, *key, *value;
    Node *node;
    int res;

    if (!PyArg_ParseTuple(args, "O!OO", &PyDict_Type, &d, &key, &value))
        return NULL;
    node = PyObject_NEW(Node, &NodeType);
    if (node == NULL)
        return NULL;
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
    PyObject *d, *key, *value;
    int res;

    if (!PyArg_ParseTuple(args, "O!OO", &PyDict_Type, &d, &key, &value))
        return NULL;
    Node *node = PyObject_NEW(Node, &NodeType);
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

static struct PyModuleDef lrulitemodule = {
    PyModuleDef_HEAD_INIT, "lrulite", NULL, -1, lrulite_methods
};

PyMODINIT_FUNC
PyInit_lrulite(void)
{
    if (PyType_Ready(&NodeType) < 0)
        return NULL;
    return PyModule_Create(&lrulitemodule);
}
