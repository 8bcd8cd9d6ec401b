/* A database driver's allocation macro takes the type by value and applies `.` and `&` itself
 * (`MyAlloc(ConnObject, Conn_Type)`); the module function and a method of the type both use it. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#define MyAlloc(s, t) (s *) t.tp_alloc(&t, 0)
#define MyFree(o) Py_TYPE(o)->tp_free((PyObject *)(o))

typedef struct {
    PyObject_HEAD
    int open;
    long queries;
} ConnObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Conn_Type; /* was: static PyTypeObject Conn_Type */
} dbdriver_state;

static inline dbdriver_state *
get_dbdriver_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (dbdriver_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline dbdriver_state *
dbdriver_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (dbdriver_state *)state;
}

static int
dbdriver_traverse(PyObject *module, visitproc visit, void *arg)
{
    dbdriver_state *st = get_dbdriver_state(module);
    Py_VISIT(st->Conn_Type);
    return 0;
}

static int
dbdriver_clear(PyObject *module)
{
    dbdriver_state *st = get_dbdriver_state(module);
    Py_CLEAR(st->Conn_Type);
    return 0;
}

static void
dbdriver_free(void *module)
{
    (void)dbdriver_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
dbdriver_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static void
Conn_dealloc(ConnObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    MyFree(self);
    Py_DECREF(tp);
}

static PyObject *
Conn_close(ConnObject *self, PyObject *unused)
{
    self->open = 0;
    Py_RETURN_NONE;
}

static PyObject *
Conn_query(ConnObject *self, PyObject *unused)
{
    if (!self->open) {
        PyErr_SetString(PyExc_RuntimeError, "connection is closed");
        return NULL;
    }
    self->queries++;
    return PyLong_FromLong(self->queries);
}

/* A second connection to the same server, allocated through the same macro. */
static PyObject *
Conn_clone(ConnObject *self, PyObject *unused)
{
    dbdriver_state *st = dbdriver_get_state_of_type(Py_TYPE(self));
    ConnObject *c = MyAlloc(ConnObject, (*st->Conn_Type));
    if (c == NULL)
        return NULL;
    c->open = self->open;
    c->queries = 0;
    return (PyObject *)c;
}

static PyMethodDef Conn_methods[] = {
    {"close", (PyCFunction)Conn_close, METH_NOARGS, NULL},
    {"query", (PyCFunction)Conn_query, METH_NOARGS, NULL},
    {"clone", (PyCFunction)Conn_clone, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Conn_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Conn_slots[] = {
    {Py_tp_dealloc, (void *)Conn_dealloc},
    {Py_tp_traverse, (void *)Conn_traverse},
    {Py_tp_methods, (void *)Conn_methods},
    {0, NULL},
};

static PyType_Spec Conn_spec = {
    .name = "dbdriver.Connection",
    .basicsize = sizeof(ConnObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Conn_slots,
};

static PyObject *
dbdriver_connect(PyObject *module, PyObject *noargs)
{
    dbdriver_state *st = get_dbdriver_state(module);
    ConnObject *c = MyAlloc(ConnObject, (*st->Conn_Type));
    if (c == NULL)
        return NULL;
    c->open = 1;
    c->queries = 0;
    return (PyObject *)c;
}

static PyMethodDef dbdriver_methods[] = {
    {"connect", dbdriver_connect, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int dbdriver_exec(PyObject *m);

static PyModuleDef_Slot dbdriver_slots[] = {
    {Py_mod_exec, (void *)dbdriver_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef dbdriver_module = {
    PyModuleDef_HEAD_INIT, "dbdriver", NULL, sizeof(dbdriver_state), dbdriver_methods,
    dbdriver_slots,
    dbdriver_traverse,
    dbdriver_clear,
    dbdriver_free
};

static int
dbdriver_exec(PyObject *m)
{
    dbdriver_state *st = get_dbdriver_state(m);
    if (dbdriver_create_type(m, &Conn_spec, NULL, &st->Conn_Type, 1) < 0)
        return -1;
    Py_INCREF(st->Conn_Type);
    if (PyModule_AddObject(m, "Connection", (PyObject *)st->Conn_Type) < 0) {
        Py_DECREF(st->Conn_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_dbdriver(void)
{
    return PyModuleDef_Init(&dbdriver_module);
}
