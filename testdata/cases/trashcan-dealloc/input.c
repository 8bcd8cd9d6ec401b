/* A linked node type whose dealloc uses the trashcan, so deep chains do not overflow the C stack. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *next;
} NodeObject;

static int
Node_traverse(NodeObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->next);
    return 0;
}

static void
Node_dealloc(NodeObject *self)
{
    PyObject_GC_UnTrack(self);
    Py_TRASHCAN_BEGIN(self, Node_dealloc)
    Py_CLEAR(self->next);
    PyObject_GC_Del(self);
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

static PyTypeObject Node_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "trashnode.Node",
    .tp_basicsize = sizeof(NodeObject),
    .tp_dealloc = (destructor)Node_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)Node_traverse,
    .tp_new = Node_new,
};

static struct PyModuleDef trashnode_module = {
    PyModuleDef_HEAD_INIT, "trashnode", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_trashnode(void)
{
    PyObject *m;
    if (PyType_Ready(&Node_Type) < 0)
        return NULL;
    m = PyModule_Create(&trashnode_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Node_Type);
    if (PyModule_AddObject(m, "Node", (PyObject *)&Node_Type) < 0) {
        Py_DECREF(&Node_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
