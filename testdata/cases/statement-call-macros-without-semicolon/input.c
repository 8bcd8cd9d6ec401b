/* The file's own statement macros carry their `;` in the body, so the code uses them as bare
 * calls: `NODE_INIT(self)` then `LINK(parent, self)` on the next line, a trace call that is empty
 * unless STMTCALL_TRACE is defined, and a raise macro whose argument is a module global.
 * Read as C before preprocessing, each bare call and the statement after it are one broken
 * declaration. */
#include <Python.h>
#include <stdio.h>

#ifdef STMTCALL_TRACE
#   define TRACE(fmt, ...) fprintf(stderr, "stmtcall: " fmt "\n", __VA_ARGS__);
#else
#   define TRACE(fmt, ...)
#endif

struct node {
    PyObject_HEAD
    struct node *owner;
    long children;
    int alive;
};

#define NODE_INIT(o) \
    ((struct node *)(o))->owner = NULL; \
    ((struct node *)(o))->children = 0; \
    ((struct node *)(o))->alive = 1;

#define LINK(parent, child) link_node((struct node *)(parent), (struct node *)(child));

#define FAIL_WITH(exc, msg) { PyErr_SetString((exc), (msg)); return NULL; }

static void
link_node(struct node *parent, struct node *child)
{
    child->owner = parent;
    parent->children++;
    TRACE("linked %p to %p", (void *)child, (void *)parent)
}

static PyObject *DeadNode = NULL;
static PyTypeObject Node_Type;

static PyObject *
Node_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    struct node *self = (struct node *)type->tp_alloc(type, 0);

    if (self == NULL) {
        return NULL;
    }
    NODE_INIT(self)
    TRACE("new node %p", (void *)self)
    return (PyObject *)self;
}

static PyObject *
Node_child(struct node *self, PyObject *unused)
{
    struct node *child;

    if (!self->alive) {
        FAIL_WITH(DeadNode, "node is dead")
    }
    child = (struct node *)Node_new(Py_TYPE(self), NULL, NULL);
    if (child == NULL) {
        return NULL;
    }
    NODE_INIT(child)
    LINK(self, child)
    return (PyObject *)child;
}

static PyObject *
Node_kill(struct node *self, PyObject *unused)
{
    self->alive = 0;
    TRACE("killed %p", (void *)self)
    Py_RETURN_NONE;
}

static PyObject *
Node_count(struct node *self, PyObject *unused)
{
    if (!self->alive) {
        FAIL_WITH(DeadNode, "node is dead")
    }
    return PyLong_FromLong(self->children);
}

static PyMethodDef Node_methods[] = {
    {"child", (PyCFunction)Node_child, METH_NOARGS, "A new node owned by this one."},
    {"kill", (PyCFunction)Node_kill, METH_NOARGS, "Mark the node dead."},
    {"count", (PyCFunction)Node_count, METH_NOARGS, "How many children were linked."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Node_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "stmtcall.Node",
    .tp_basicsize = sizeof(struct node),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A node that links its children.",
    .tp_methods = Node_methods,
    .tp_new = Node_new,
};

static struct PyModuleDef stmtcall_module = {
    PyModuleDef_HEAD_INIT, "stmtcall", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_stmtcall(void)
{
    PyObject *mod;

    if (PyType_Ready(&Node_Type) < 0) {
        return NULL;
    }
    mod = PyModule_Create(&stmtcall_module);
    if (mod == NULL) {
        return NULL;
    }
    DeadNode = PyErr_NewException("stmtcall.DeadNode", NULL, NULL);
    if (DeadNode == NULL) {
        Py_DECREF(mod);
        return NULL;
    }
    Py_INCREF(DeadNode);
    if (PyModule_AddObject(mod, "DeadNode", DeadNode) < 0) {
        Py_DECREF(DeadNode);
        Py_DECREF(mod);
        return NULL;
    }
    Py_INCREF(&Node_Type);
    if (PyModule_AddObject(mod, "Node", (PyObject *)&Node_Type) < 0) {
        Py_DECREF(&Node_Type);
        Py_DECREF(mod);
        return NULL;
    }
    TRACE("module %p ready", (void *)mod)
    return mod;
}
