/* A database driver's allocation macro takes the type by value and applies `.` and `&` itself
 * (`MyAlloc(ConnObject, Conn_Type)`); the module function and a method of the type both use it. */
#include <Python.h>

#define MyAlloc(s, t) (s *) t.tp_alloc(&t, 0)
#define MyFree(o) Py_TYPE(o)->tp_free((PyObject *)(o))

typedef struct {
    PyObject_HEAD
    int open;
    long queries;
} ConnObject;

static PyTypeObject Conn_Type;

static void
Conn_dealloc(ConnObject *self)
{
    MyFree(self);
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
    ConnObject *c = MyAlloc(ConnObject, Conn_Type);
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

static PyTypeObject Conn_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "dbdriver.Connection",
    .tp_basicsize = sizeof(ConnObject),
    .tp_dealloc = (destructor)Conn_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Conn_methods,
};

static PyObject *
dbdriver_connect(PyObject *module, PyObject *noargs)
{
    ConnObject *c = MyAlloc(ConnObject, Conn_Type);
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

static struct PyModuleDef dbdriver_module = {
    PyModuleDef_HEAD_INIT, "dbdriver", NULL, -1, dbdriver_methods
};

PyMODINIT_FUNC
PyInit_dbdriver(void)
{
    PyObject *m;
    if (PyType_Ready(&Conn_Type) < 0)
        return NULL;
    m = PyModule_Create(&dbdriver_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Conn_Type);
    if (PyModule_AddObject(m, "Connection", (PyObject *)&Conn_Type) < 0) {
        Py_DECREF(&Conn_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
