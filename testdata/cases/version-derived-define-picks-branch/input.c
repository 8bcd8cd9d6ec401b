/* ringbuf: a fixed-size ring of recent values, for Python 2 and 3 alike. */
#include <Python.h>

#if PY_MAJOR_VERSION >= 3
#define HAVE_PY3
#endif

#ifdef HAVE_PY3
#define TEXT_FROM_STRING PyUnicode_FromString
#else
#define TEXT_FROM_STRING PyString_FromString
#endif

#define RING_SIZE 8

static PyObject *RingError;

typedef struct {
    PyObject_HEAD
    PyObject *items[RING_SIZE];
    int next;
    int count;
} RingObject;

static int
Ring_traverse(RingObject *self, visitproc visit, void *arg)
{
    int i;

    for (i = 0; i < RING_SIZE; i++)
        Py_VISIT(self->items[i]);
    return 0;
}

static int
Ring_clear(RingObject *self)
{
    int i;

    for (i = 0; i < RING_SIZE; i++)
        Py_CLEAR(self->items[i]);
    return 0;
}

static void
Ring_dealloc(RingObject *self)
{
    PyObject_GC_UnTrack(self);
    Ring_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Ring_push(RingObject *self, PyObject *value)
{
    Py_INCREF(value);
    Py_XSETREF(self->items[self->next], value);
    self->next = (self->next + 1) % RING_SIZE;
    if (self->count < RING_SIZE)
        self->count++;
    Py_RETURN_NONE;
}

static PyObject *
Ring_oldest(RingObject *self, PyObject *unused)
{
    PyObject *item;

    if (self->count == 0) {
        PyErr_SetString(RingError, "the ring is empty");
        return NULL;
    }
    item = self->items[(self->next - self->count + RING_SIZE) % RING_SIZE];
    Py_INCREF(item);
    return item;
}

static PyObject *
Ring_describe(RingObject *self, PyObject *unused)
{
    char buf[64];

    PyOS_snprintf(buf, sizeof(buf), "ring of %d/%d", self->count, RING_SIZE);
    return TEXT_FROM_STRING(buf);
}

static PyMethodDef Ring_methods[] = {
    {"push", (PyCFunction)Ring_push, METH_O, "Adds a value, dropping the oldest when full."},
    {"oldest", (PyCFunction)Ring_oldest, METH_NOARGS, "The oldest value kept."},
    {"describe", (PyCFunction)Ring_describe, METH_NOARGS, "How full the ring is."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject RingType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "ringbuf.Ring",                             /* tp_name */
    sizeof(RingObject),                         /* tp_basicsize */
    0,                                          /* tp_itemsize */
    (destructor)Ring_dealloc,                   /* tp_dealloc */
    0,                                          /* tp_print */
    0,                                          /* tp_getattr */
    0,                                          /* tp_setattr */
    0,                                          /* tp_compare */
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
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,    /* tp_flags */
    "A ring of the last few values.",           /* tp_doc */
    (traverseproc)Ring_traverse,                /* tp_traverse */
    (inquiry)Ring_clear,                        /* tp_clear */
    0,                                          /* tp_richcompare */
    0,                                          /* tp_weaklistoffset */
    0,                                          /* tp_iter */
    0,                                          /* tp_iternext */
    Ring_methods,                               /* tp_methods */
    0,                                          /* tp_members */
    0,                                          /* tp_getset */
    0,                                          /* tp_base */
    0,                                          /* tp_dict */
    0,                                          /* tp_descr_get */
    0,                                          /* tp_descr_set */
    0,                                          /* tp_dictoffset */
    0,                                          /* tp_init */
    0,                                          /* tp_alloc */
    PyType_GenericNew,                          /* tp_new */
};

static PyMethodDef ringbuf_methods[] = {
    {NULL, NULL, 0, NULL}
};

#ifdef HAVE_PY3
static struct PyModuleDef ringbuf_module = {
    PyModuleDef_HEAD_INIT,
    "ringbuf",
    "Rings of recent values.",
    -1,
    ringbuf_methods
};
#endif

#ifdef HAVE_PY3
PyMODINIT_FUNC
PyInit_ringbuf(void)
#else
PyMODINIT_FUNC
initringbuf(void)
#endif
{
    PyObject *m;

    if (PyType_Ready(&RingType) < 0)
        goto error;
#ifdef HAVE_PY3
    m = PyModule_Create(&ringbuf_module);
#else
    m = Py_InitModule3("ringbuf", ringbuf_methods, "Rings of recent values.");
#endif
    if (m == NULL)
        goto error;
    RingError = PyErr_NewException("ringbuf.RingError", NULL, NULL);
    if (RingError == NULL)
        goto error;
    Py_INCREF(RingError);
    if (PyModule_AddObject(m, "RingError", RingError) < 0) {
        Py_DECREF(RingError);
        goto error;
    }
    Py_INCREF(&RingType);
    if (PyModule_AddObject(m, "Ring", (PyObject *)&RingType) < 0) {
        Py_DECREF(&RingType);
        goto error;
    }
#ifdef HAVE_PY3
    return m;
#else
    return;
#endif

error:
#ifdef HAVE_PY3
    return NULL;
#else
    return;
#endif
}
