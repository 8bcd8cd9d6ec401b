/*
 * registry: opens "stores" by path, at most once per process, because the C library behind them
 * (here only pretended) keeps its file locks per process: a second handle on the same file in the
 * same process would break them. The set of open paths is a Python object global.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *path;
} Store;

static PyObject *open_paths;  /* paths open in this process */

static PyObject *
Store_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *path;
    Store *self;

    if (!PyArg_ParseTuple(args, "U:Store", &path))
        return NULL;
    if (PySet_Contains(open_paths, path)) {
        PyErr_Format(PyExc_RuntimeError, "store %R is already open in this process", path);
        return NULL;
    }
    self = (Store *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    if (PySet_Add(open_paths, path) < 0) {
        Py_DECREF(self);
        return NULL;
    }
    Py_INCREF(path);
    self->path = path;
    return (PyObject *)self;
}

static void
Store_dealloc(Store *self)
{
    if (self->path != NULL) {
        PySet_Discard(open_paths, self->path);
        Py_DECREF(self->path);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject Store_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "registry.Store",
    .tp_basicsize = sizeof(Store),
    .tp_dealloc = (destructor)Store_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Store_new,
};

static struct PyModuleDef registry_module = {
    PyModuleDef_HEAD_INIT, "registry", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_registry(void)
{
    PyObject *m;

    if (PyType_Ready(&Store_Type) < 0)
        return NULL;
    m = PyModule_Create(&registry_module);
    if (m == NULL)
        return NULL;
    open_paths = PySet_New(NULL);
    if (open_paths == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Store_Type);
    PyModule_AddObject(m, "Store", (PyObject *)&Store_Type);
    return m;
}
