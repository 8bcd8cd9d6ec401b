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
    "slotnew.Counter",         /* tp_name */
    sizeof(CounterObject),     /* tp_basicsize */
    0,                         /* tp_itemsize */
    0,                         /* tp_dealloc */
    0,                         /* tp_vectorcall_offset */
    0,                         /* tp_getattr */
    0,                         /* tp_setattr */
    0,                         /* tp_as_async */
    0,                         /* tp_repr */
    0,                         /* tp_as_number */
    0,                         /* tp_as_sequence */
    0,                         /* tp_as_mapping */
    0,                         /* tp_hash */
    0,                         /* tp_call */
    0,                         /* tp_str */
    0,                         /* tp_getattro */
    0,                         /* tp_setattro */
    0,                         /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,        /* tp_flags */
    "A counter.",              /* tp_doc */
    0,                         /* tp_traverse */
    0,                         /* tp_clear */
    0,                         /* tp_richcompare */
    0,                         /* tp_weaklistoffset */
    0,                         /* tp_iter */
    0,                         /* tp_iternext */
    Counter_methods,           /* tp_methods */
    0,                         /* tp_members */
    0,                         /* tp_getset */
    0,                         /* tp_base */
    0,                         /* tp_dict */
    0,                         /* tp_descr_get */
    0,                         /* tp_descr_set */
    0,                         /* tp_dictoffset */
    0,                         /* tp_init */
    0,                         /* tp_alloc */
    Counter_new,               /* tp_new */
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
