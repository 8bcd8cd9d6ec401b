/* A project that spells the type-object head with its own macros, as extensions that once
 * supported Python 2 and 3 from one source do: one object-like, one function-like. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define COUNTER_HEAD_INIT PyVarObject_HEAD_INIT(NULL, 0)
#define TYPE_HEAD(meta) PyVarObject_HEAD_INIT(meta, 0)

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

static PyObject *
Counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    CounterObject *self = (CounterObject *)type->tp_alloc(type, 0);
    if (self != NULL)
        self->count = 0;
    return (PyObject *)self;
}

static void
Counter_dealloc(CounterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free((PyObject *)self);
}

static PyObject *
Counter_incr(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Counter_methods[] = {
    {"incr", (PyCFunction)Counter_incr, METH_NOARGS, "Add one and return the count."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject CounterType = {
    COUNTER_HEAD_INIT
    "aliashead.Counter",            /* tp_name */
    sizeof(CounterObject),          /* tp_basicsize */
    0,                              /* tp_itemsize */
    (destructor)Counter_dealloc,    /* tp_dealloc */
    0,                              /* tp_vectorcall_offset */
    0,                              /* tp_getattr */
    0,                              /* tp_setattr */
    0,                              /* tp_as_async */
    0,                              /* tp_repr */
    0,                              /* tp_as_number */
    0,                              /* tp_as_sequence */
    0,                              /* tp_as_mapping */
    0,                              /* tp_hash */
    0,                              /* tp_call */
    0,                              /* tp_str */
    0,                              /* tp_getattro */
    0,                              /* tp_setattro */
    0,                              /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, /* tp_flags */
    "A counter.",                   /* tp_doc */
    0,                              /* tp_traverse */
    0,                              /* tp_clear */
    0,                              /* tp_richcompare */
    0,                              /* tp_weaklistoffset */
    0,                              /* tp_iter */
    0,                              /* tp_iternext */
    Counter_methods,                /* tp_methods */
    0,                              /* tp_members */
    0,                              /* tp_getset */
    0,                              /* tp_base */
    0,                              /* tp_dict */
    0,                              /* tp_descr_get */
    0,                              /* tp_descr_set */
    0,                              /* tp_dictoffset */
    0,                              /* tp_init */
    0,                              /* tp_alloc */
    Counter_new,                    /* tp_new */
};

static PyTypeObject MarkerType = {
    TYPE_HEAD(NULL)
    .tp_name = "aliashead.Marker",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A marker that cannot be created from Python.",
};

static struct PyModuleDef aliashead_module = {
    PyModuleDef_HEAD_INIT,
    "aliashead",
    "Types whose head-init macro is the project's own.",
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_aliashead(void)
{
    PyObject *m;

    if (PyType_Ready(&CounterType) < 0)
        return NULL;
    if (PyType_Ready(&MarkerType) < 0)
        return NULL;
    m = PyModule_Create(&aliashead_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&MarkerType);
    if (PyModule_AddObject(m, "Marker", (PyObject *)&MarkerType) < 0) {
        Py_DECREF(&MarkerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
