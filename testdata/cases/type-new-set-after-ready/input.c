/* ringbuf: a fixed-size ring of integers and a running-statistics accumulator.
 * Written in the order of the old tutorial: the types' tp_new is filled in by the init
 * function, after PyType_Ready, just before each type is added to the module. */
#include <Python.h>

static PyObject *RingFull;

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;
    Py_ssize_t head;
    Py_ssize_t count;
    long *items;
} RingObject;

static void
Ring_dealloc(RingObject *self)
{
    PyMem_Free(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
Ring_init(RingObject *self, PyObject *args, PyObject *kwds)
{
    Py_ssize_t size;

    if (!PyArg_ParseTuple(args, "n", &size))
        return -1;
    if (size <= 0) {
        PyErr_SetString(PyExc_ValueError, "size must be positive");
        return -1;
    }
    PyMem_Free(self->items);
    self->items = PyMem_New(long, size);
    if (self->items == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->size = size;
    self->head = 0;
    self->count = 0;
    return 0;
}

static PyObject *
Ring_push(RingObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);

    if (v == -1 && PyErr_Occurred())
        return NULL;
    if (self->items == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "ring not initialized");
        return NULL;
    }
    if (self->count == self->size) {
        PyErr_SetString(RingFull, "ring is full");
        return NULL;
    }
    self->items[(self->head + self->count) % self->size] = v;
    self->count++;
    Py_RETURN_NONE;
}

static PyObject *
Ring_pop(RingObject *self, PyObject *unused)
{
    long v;

    if (self->count == 0) {
        PyErr_SetString(PyExc_IndexError, "pop from an empty ring");
        return NULL;
    }
    v = self->items[self->head];
    self->head = (self->head + 1) % self->size;
    self->count--;
    return PyLong_FromLong(v);
}

static Py_ssize_t
Ring_length(RingObject *self)
{
    return self->count;
}

static PyMethodDef Ring_methods[] = {
    {"push", (PyCFunction)Ring_push, METH_O, "Append an integer; raises Full when the ring is full."},
    {"pop", (PyCFunction)Ring_pop, METH_NOARGS, "Remove and return the oldest integer."},
    {NULL, NULL, 0, NULL}
};

static PySequenceMethods Ring_as_sequence = {
    (lenfunc)Ring_length, /* sq_length */
};

static PyTypeObject RingType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "ringbuf.Ring",                 /* tp_name */
    sizeof(RingObject),             /* tp_basicsize */
    0,                              /* tp_itemsize */
    (destructor)Ring_dealloc,       /* tp_dealloc */
    0,                              /* tp_print */
    0,                              /* tp_getattr */
    0,                              /* tp_setattr */
    0,                              /* tp_compare */
    0,                              /* tp_repr */
    0,                              /* tp_as_number */
    &Ring_as_sequence,              /* tp_as_sequence */
    0,                              /* tp_as_mapping */
    0,                              /* tp_hash */
    0,                              /* tp_call */
    0,                              /* tp_str */
    0,                              /* tp_getattro */
    0,                              /* tp_setattro */
    0,                              /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,             /* tp_flags */
    "A fixed-size ring of integers.", /* tp_doc */
    0,                              /* tp_traverse */
    0,                              /* tp_clear */
    0,                              /* tp_richcompare */
    0,                              /* tp_weaklistoffset */
    0,                              /* tp_iter */
    0,                              /* tp_iternext */
    Ring_methods,                   /* tp_methods */
    0,                              /* tp_members */
    0,                              /* tp_getset */
    0,                              /* tp_base */
    0,                              /* tp_dict */
    0,                              /* tp_descr_get */
    0,                              /* tp_descr_set */
    0,                              /* tp_dictoffset */
    (initproc)Ring_init,            /* tp_init */
};

typedef struct {
    PyObject_HEAD
    long n;
    double total;
} StatsObject;

static PyObject *
Stats_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    StatsObject *self;

    if (!PyArg_ParseTuple(args, ":Stats"))
        return NULL;
    self = (StatsObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->n = 0;
    self->total = 0.0;
    return (PyObject *)self;
}

static PyObject *
Stats_add(StatsObject *self, PyObject *arg)
{
    double v = PyFloat_AsDouble(arg);

    if (v == -1.0 && PyErr_Occurred())
        return NULL;
    self->n++;
    self->total += v;
    Py_RETURN_NONE;
}

static PyObject *
Stats_mean(StatsObject *self, PyObject *unused)
{
    if (self->n == 0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "mean of no values");
        return NULL;
    }
    return PyFloat_FromDouble(self->total / self->n);
}

static PyMethodDef Stats_methods[] = {
    {"add", (PyCFunction)Stats_add, METH_O, "Count one value."},
    {"mean", (PyCFunction)Stats_mean, METH_NOARGS, "The mean of the values counted."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject StatsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ringbuf.Stats",
    .tp_basicsize = sizeof(StatsObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Running count and mean.",
    .tp_methods = Stats_methods,
};

static struct PyModuleDef ringbuf_module = {
    PyModuleDef_HEAD_INIT,
    "ringbuf",
    "Ring buffers and running statistics.",
    -1,
    NULL
};

PyMODINIT_FUNC
PyInit_ringbuf(void)
{
    PyObject *m;

    if (PyType_Ready(&RingType) < 0)
        return NULL;
    if (PyType_Ready(&StatsType) < 0)
        return NULL;

    m = PyModule_Create(&ringbuf_module);
    if (m == NULL)
        return NULL;

    RingFull = PyErr_NewException("ringbuf.Full", NULL, NULL);
    if (RingFull == NULL)
        goto error;
    Py_INCREF(RingFull);
    if (PyModule_AddObject(m, "Full", RingFull) < 0) {
        Py_DECREF(RingFull);
        goto error;
    }

    RingType.tp_new = PyType_GenericNew;
    Py_INCREF(&RingType);
    if (PyModule_AddObject(m, "Ring", (PyObject *)&RingType) < 0) {
        Py_DECREF(&RingType);
        goto error;
    }

    StatsType.tp_new = Stats_new;
    Py_INCREF(&StatsType);
    if (PyModule_AddObject(m, "Stats", (PyObject *)&StatsType) < 0) {
        Py_DECREF(&StatsType);
        goto error;
    }
    return m;

error:
    Py_DECREF(m);
    return NULL;
}
