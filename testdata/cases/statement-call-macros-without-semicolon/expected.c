/* The file's own statement macros carry their `;` in the body, so the code uses them as bare
 * calls: `NODE_INIT(self)` then `LINK(parent, self)` on the next line, a trace call that is empty
 * unless STMTCALL_TRACE is defined, and a raise macro whose argument is a module global.
 * Read as C before preprocessing, each bare call and the statement after it are one broken
 * declaration. */
#include <Python.h>
#include <stdio.h>
#include "pyext_isolate_compat.h"

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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *DeadNode;      /* was: static PyObject *DeadNode */
    PyTypeObject *Node_Type; /* was: static PyTypeObject Node_Type */
} stmtcall_state;

static inline stmtcall_state *
get_stmtcall_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (stmtcall_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline stmtcall_state *
stmtcall_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (stmtcall_state *)state;
}

static int
stmtcall_traverse(PyObject *module, visitproc visit, void *arg)
{
    stmtcall_state *st = get_stmtcall_state(module);
    Py_VISIT(st->DeadNode);
    Py_VISIT(st->Node_Type);
    return 0;
}

static int
stmtcall_clear(PyObject *module)
{
    stmtcall_state *st = get_stmtcall_state(module);
    Py_CLEAR(st->DeadNode);
    Py_CLEAR(st->Node_Type);
    return 0;
}

static void
stmtcall_free(void *module)
{
    (void)stmtcall_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
stmtcall_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                     int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL) {
            return -1;
        }
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
        stmtcall_state *st = stmtcall_get_state_of_type(Py_TYPE(self));
        FAIL_WITH(st->DeadNode, "node is dead")
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
        stmtcall_state *st = stmtcall_get_state_of_type(Py_TYPE(self));
        FAIL_WITH(st->DeadNode, "node is dead")
    }
    return PyLong_FromLong(self->children);
}

static PyMethodDef Node_methods[] = {
    {"child", (PyCFunction)Node_child, METH_NOARGS, "A new node owned by this one."},
    {"kill", (PyCFunction)Node_kill, METH_NOARGS, "Mark the node dead."},
    {"count", (PyCFunction)Node_count, METH_NOARGS, "How many children were linked."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Node_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Node_slots[] = {
    {Py_tp_doc, (void *)"A node that links its children."},
    {Py_tp_traverse, (void *)Node_traverse},
    {Py_tp_methods, (void *)Node_methods},
    {Py_tp_new, (void *)Node_new},
    {0, NULL},
};

static PyType_Spec Node_spec = {
    .name = "stmtcall.Node",
    .basicsize = sizeof(struct node),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Node_slots,
};

static int stmtcall_exec(PyObject *mod);

static PyModuleDef_Slot stmtcall_slots[] = {
    {Py_mod_exec, (void *)stmtcall_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef stmtcall_module = {
    PyModuleDef_HEAD_INIT, "stmtcall", NULL, sizeof(stmtcall_state), NULL,
    stmtcall_slots,
    stmtcall_traverse,
    stmtcall_clear,
    stmtcall_free
};

static int
stmtcall_exec(PyObject *mod)
{
    stmtcall_state *st = get_stmtcall_state(mod);

    if (stmtcall_create_type(mod, &Node_spec, NULL, &st->Node_Type, 0) < 0) {
        return -1;
    }
    st->DeadNode = PyErr_NewException("stmtcall.DeadNode", NULL, NULL);
    if (st->DeadNode == NULL) {
        return -1;
    }
    Py_INCREF(st->DeadNode);
    if (PyModule_AddObject(mod, "DeadNode", st->DeadNode) < 0) {
        Py_DECREF(st->DeadNode);
        return -1;
    }
    Py_INCREF(st->Node_Type);
    if (PyModule_AddObject(mod, "Node", (PyObject *)st->Node_Type) < 0) {
        Py_DECREF(st->Node_Type);
        return -1;
    }
    TRACE("module %p ready", (void *)mod)
    return 0;
}

PyMODINIT_FUNC
PyInit_stmtcall(void)
{
    return PyModuleDef_Init(&stmtcall_module);
}
