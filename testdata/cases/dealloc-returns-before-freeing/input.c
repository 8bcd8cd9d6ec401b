/*
 * memo: a cache that calls its factory once per key.  Its dealloc gets out early when the
 * constructor failed before the factory was stored, as pysqlite3's statement cache does.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *factory;
    PyObject *mapping;
    Py_ssize_t misses;
} memo_Cache;

static int
memo_cache_init(memo_Cache *self, PyObject *args, PyObject *kwargs)
{
    PyObject *factory;

    if (!PyArg_ParseTuple(args, "O", &factory))
        return -1;
    if (!PyCallable_Check(factory)) {
        PyErr_SetString(PyExc_TypeError, "factory must be callable");
        return -1;
    }
    self->mapping = PyDict_New();
    if (!self->mapping)
        return -1;
    Py_INCREF(factory);
    self->factory = factory;
    self->misses = 0;
    return 0;
}

static void
memo_cache_dealloc(memo_Cache *self)
{
    if (!self->factory) {
        /* the constructor failed: nothing to release */
        return;
    }

    Py_DECREF(self->factory);
    Py_DECREF(self->mapping);

    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
memo_cache_get(memo_Cache *self, PyObject *key)
{
    PyObject *value = PyDict_GetItemWithError(self->mapping, key);

    if (value) {
        Py_INCREF(value);
        return value;
    }
    if (PyErr_Occurred())
        return NULL;
    value = PyObject_CallOneArg(self->factory, key);
    if (!value)
        return NULL;
    if (PyDict_SetItem(self->mapping, key, value) < 0) {
        Py_DECREF(value);
        return NULL;
    }
    self->misses++;
    return value;
}

static PyObject *
memo_cache_misses(memo_Cache *self, PyObject *unused)
{
    return PyLong_FromSsize_t(self->misses);
}

static PyMethodDef memo_cache_methods[] = {
    {"get", (PyCFunction)memo_cache_get, METH_O, "Return the value for key, made by the factory once."},
    {"misses", (PyCFunction)memo_cache_misses, METH_NOARGS, "How often the factory was called."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject memo_CacheType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "memo.Cache",                               /* tp_name */
    sizeof(memo_Cache),                         /* tp_basicsize */
    0,                                          /* tp_itemsize */
    (destructor)memo_cache_dealloc,             /* tp_dealloc */
    0,                                          /* tp_vectorcall_offset */
    0,                                          /* tp_getattr */
    0,                                          /* tp_setattr */
    0,                                          /* tp_as_async */
    0,                                          /* tp_repr */
    0,                                          /* tp_as_number */
    0,                                          /* tp_as_sequence */
    0,                                          /* tp_as_mapping */
    0,                                          /* tp_hash */
    0,                                          /* tp_call */
    0,                                          /* tp_str */
    0,                                          /* tp_getattro */
    0,                                          /* tp_setattro */
    0,                                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,   /* tp_flags */
    "Cache(factory): calls factory(key) once per key.", /* tp_doc */
    0,                                          /* tp_traverse */
    0,                                          /* tp_clear */
    0,                                          /* tp_richcompare */
    0,                                          /* tp_weaklistoffset */
    0,                                          /* tp_iter */
    0,                                          /* tp_iternext */
    memo_cache_methods,                         /* tp_methods */
    0,                                          /* tp_members */
    0,                                          /* tp_getset */
    0,                                          /* tp_base */
    0,                                          /* tp_dict */
    0,                                          /* tp_descr_get */
    0,                                          /* tp_descr_set */
    0,                                          /* tp_dictoffset */
    (initproc)memo_cache_init,                  /* tp_init */
    0,                                          /* tp_alloc */
    PyType_GenericNew,                          /* tp_new */
};

static struct PyModuleDef memo_module = {
    PyModuleDef_HEAD_INIT,
    "memo",
    "A cache that calls its factory once per key.",
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_memo(void)
{
    PyObject *m;

    if (PyType_Ready(&memo_CacheType) < 0)
        return NULL;
    m = PyModule_Create(&memo_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&memo_CacheType);
    if (PyModule_AddObject(m, "Cache", (PyObject *)&memo_CacheType) < 0) {
        Py_DECREF(&memo_CacheType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
