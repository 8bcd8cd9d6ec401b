/* A queue type that exists only where the platform has message queues, next to an unconditional counter type. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifndef QMOD_NO_MQUEUE
#define QMOD_HAVE_MQUEUE 1
#endif

typedef struct {
    PyObject_HEAD
    long value;
} CounterObject;

static PyObject *
Counter_incr(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->value++;
    return PyLong_FromLong(self->value);
}

static PyMethodDef Counter_methods[] = {
    {"incr", (PyCFunction)Counter_incr, METH_NOARGS, "Add one and return the count."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "qmod.Counter",
    sizeof(CounterObject),
    0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A counter.",
    .tp_methods = Counter_methods,
    .tp_new = PyType_GenericNew,
};

#ifdef QMOD_HAVE_MQUEUE
typedef struct {
    PyObject_HEAD
    PyObject *items;
} QueueObject;

static PyObject *
Queue_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    QueueObject *self = (QueueObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->items = PyList_New(0);
    if (self->items == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void
Queue_dealloc(QueueObject *self)
{
    Py_XDECREF(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Queue_send(QueueObject *self, PyObject *msg)
{
    if (PyList_Append(self->items, msg) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
Queue_receive(QueueObject *self, PyObject *Py_UNUSED(ignored))
{
    if (PyList_GET_SIZE(self->items) == 0) {
        PyErr_SetString(PyExc_LookupError, "queue is empty");
        return NULL;
    }
    PyObject *msg = PyList_GetItem(self->items, 0);
    Py_INCREF(msg);
    if (PySequence_DelItem(self->items, 0) < 0) {
        Py_DECREF(msg);
        return NULL;
    }
    return msg;
}

static PyMethodDef Queue_methods[] = {
    {"send", (PyCFunction)Queue_send, METH_O, "Put a message at the back."},
    {"receive", (PyCFunction)Queue_receive, METH_NOARGS, "Take the message at the front."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject QueueType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "qmod.Queue",
    .tp_basicsize = sizeof(QueueObject),
    .tp_dealloc = (destructor)Queue_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A message queue.",
    .tp_methods = Queue_methods,
    .tp_new = Queue_new,
};

static PyObject *
qmod_make_queue(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyObject_CallObject((PyObject *)&QueueType, NULL);
}
#endif

static PyMethodDef qmod_methods[] = {
#ifdef QMOD_HAVE_MQUEUE
    {"make_queue", qmod_make_queue, METH_NOARGS, "A new empty queue."},
#endif
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef qmodmodule = {
    PyModuleDef_HEAD_INIT,
    "qmod",
    "Counters, and message queues where the platform has them.",
    -1,
    qmod_methods
};

PyMODINIT_FUNC
PyInit_qmod(void)
{
    PyObject *m;

    if (PyType_Ready(&CounterType) < 0)
        return NULL;
#ifdef QMOD_HAVE_MQUEUE
    if (PyType_Ready(&QueueType) < 0)
        return NULL;
#endif

    m = PyModule_Create(&qmodmodule);
    if (m == NULL)
        return NULL;

    Py_INCREF(&CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        Py_DECREF(m);
        return NULL;
    }
#ifdef QMOD_HAVE_MQUEUE
    Py_INCREF(&QueueType);
    if (PyModule_AddObject(m, "Queue", (PyObject *)&QueueType) < 0) {
        Py_DECREF(&QueueType);
        Py_DECREF(m);
        return NULL;
    }
#endif
    return m;
}
