/* Slots, the methods table and offsets filled in by the init function, as older extensions do
 * (offsetof was not a constant expression everywhere), and a traverse function on one line. */
#include <Python.h>
#include <stddef.h>

typedef struct {
    PyObject_HEAD
    PyObject *payload;
    PyObject *dict;
    PyObject *weakreflist;
} NodeObject;

static int node_traverse(NodeObject *self, visitproc visit, void *arg) { Py_VISIT(self->payload); Py_VISIT(self->dict); return 0; }

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
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL)
        PyObject_ClearWeakRefs((PyObject *)self);
    node_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
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

static PyTypeObject NodeType;

static PyObject *
node_spawn(NodeObject *self, PyObject *Py_UNUSED(ignored))
{
    /* A new plain Node holding this one, whatever the subclass of self. */
    return PyObject_CallOneArg((PyObject *)&NodeType, (PyObject *)self);
}

static PyMethodDef node_methods[] = {
    {"spawn", (PyCFunction)node_spawn, METH_NOARGS, "A new Node holding this one."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject NodeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "offsets.Node",                             /* tp_name */
    sizeof(NodeObject),                         /* tp_basicsize */
    0,                                          /* tp_itemsize */
    (destructor)node_dealloc,                   /* tp_dealloc */
};

static struct PyModuleDef offsets_module = {
    PyModuleDef_HEAD_INIT, "offsets", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_offsets(void)
{
    PyObject *m;

    NodeType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;
    NodeType.tp_traverse = (traverseproc)node_traverse;
    NodeType.tp_clear = (inquiry)node_clear;
    NodeType.tp_init = (initproc)node_init;
    NodeType.tp_new = PyType_GenericNew;
    NodeType.tp_methods = node_methods;
    NodeType.tp_dictoffset = offsetof(NodeObject, dict);
    NodeType.tp_weaklistoffset = offsetof(NodeObject, weakreflist);
    if (PyType_Ready(&NodeType) < 0)
        return NULL;
    m = PyModule_Create(&offsets_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&NodeType);
    if (PyModule_AddObject(m, "Node", (PyObject *)&NodeType) < 0) {
        Py_DECREF(&NodeType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
