/* A lazy reference: forwards attribute access to the object a factory returns.
   Its instances answer __module__ for the wrapped object, as proxy libraries do. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *factory;
    PyObject *target;
} LazyRef;

static PyObject *resolve(LazyRef *self)
{
    if (self->target == NULL) {
        self->target = PyObject_CallNoArgs(self->factory);
    }
    return self->target;
}

static int LazyRef_init(LazyRef *self, PyObject *args, PyObject *kwds)
{
    PyObject *factory;
    if (!PyArg_ParseTuple(args, "O:LazyRef", &factory))
        return -1;
    Py_INCREF(factory);
    Py_XSETREF(self->factory, factory);
    Py_CLEAR(self->target);
    return 0;
}

static int LazyRef_traverse(LazyRef *self, visitproc visit, void *arg)
{
    Py_VISIT(self->factory);
    Py_VISIT(self->target);
    return 0;
}

static int LazyRef_clear(LazyRef *self)
{
    Py_CLEAR(self->factory);
    Py_CLEAR(self->target);
    return 0;
}

static void LazyRef_dealloc(LazyRef *self)
{
    PyObject_GC_UnTrack(self);
    LazyRef_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *LazyRef_getattro(LazyRef *self, PyObject *name)
{
    PyObject *v = PyObject_GenericGetAttr((PyObject *)self, name);
    PyObject *target;
    if (v != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError))
        return v;
    PyErr_Clear();
    target = resolve(self);
    if (target == NULL)
        return NULL;
    return PyObject_GetAttr(target, name);
}

static PyObject *LazyRef_get_module(LazyRef *self, void *closure)
{
    PyObject *target = resolve(self);
    if (target == NULL)
        return NULL;
    return PyObject_GetAttrString(target, "__module__");
}

static PyObject *LazyRef_get_wrapped(LazyRef *self, void *closure)
{
    PyObject *target = resolve(self);
    Py_XINCREF(target);
    return target;
}

static PyGetSetDef LazyRef_getset[] = {
    {"__module__", (getter)LazyRef_get_module, NULL, NULL, NULL},
    {"__wrapped__", (getter)LazyRef_get_wrapped, NULL, NULL, NULL},
    {NULL}
};

static PyTypeObject LazyRef_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "LazyRef",                                  /* tp_name */
    sizeof(LazyRef),                            /* tp_basicsize */
    0,                                          /* tp_itemsize */
    (destructor)LazyRef_dealloc,                /* tp_dealloc */
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
    (getattrofunc)LazyRef_getattro,             /* tp_getattro */
    0,                                          /* tp_setattro */
    0,                                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC, /* tp_flags */
    0,                                          /* tp_doc */
    (traverseproc)LazyRef_traverse,             /* tp_traverse */
    (inquiry)LazyRef_clear,                     /* tp_clear */
    0,                                          /* tp_richcompare */
    0,                                          /* tp_weaklistoffset */
    0,                                          /* tp_iter */
    0,                                          /* tp_iternext */
    0,                                          /* tp_methods */
    0,                                          /* tp_members */
    LazyRef_getset,                             /* tp_getset */
    0,                                          /* tp_base */
    0,                                          /* tp_dict */
    0,                                          /* tp_descr_get */
    0,                                          /* tp_descr_set */
    0,                                          /* tp_dictoffset */
    (initproc)LazyRef_init,                     /* tp_init */
    0,                                          /* tp_alloc */
    PyType_GenericNew,                          /* tp_new */
};

static struct PyModuleDef lazyref_module = {
    PyModuleDef_HEAD_INIT,
    "lazyref",
    "Lazy references.",
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_lazyref(void)
{
    PyObject *m;

    if (PyType_Ready(&LazyRef_Type) < 0)
        return NULL;

    m = PyModule_Create(&lazyref_module);
    if (m == NULL)
        return NULL;

    Py_INCREF(&LazyRef_Type);
    if (PyModule_AddObject(m, "LazyRef", (PyObject *)&LazyRef_Type) < 0) {
        Py_DECREF(&LazyRef_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
