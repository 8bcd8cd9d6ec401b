#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

/* Written first; the init later chose the generic allocator instead. */
static PyObject *
Counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    CounterObject *self = (CounterObject *)type->tp_alloc(type, 0);

    if (self != NULL) {
        self->count = 100;
    }
    return (PyObject *)self;
}

static PyObject *
Counter_bump(CounterObject *self, PyObject *unused)
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Counter_methods[] = {
    {"bump", (PyCFunction)Counter_bump, METH_NOARGS, "Add one and return the count."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Counter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "slotnew.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A counter.",
    .tp_methods = Counter_methods,
    .tp_new = Counter_new,
};

static struct PyModuleDef slotnew_module = {
    PyModuleDef_HEAD_INIT, "slotnew", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_slotnew(void)
{
    PyObject *m;

    Counter_Type.tp_new = PyType_GenericNew;
    if (PyType_Ready(&Counter_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&slotnew_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Counter_Type);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&Counter_Type) < 0) {
        Py_DECREF(&Counter_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
