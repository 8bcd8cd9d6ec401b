/*
 * linesink: collects text lines and hands them to a file object in batches. A sink that dies
 * with lines still pending flushes them. Errors are io.UnsupportedOperation, looked
 * up from the io module the first time one is raised.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define BATCH 8

enum { SINK_OK, SINK_CLOSED, SINK_WRITE_FAILED };

static PyObject *unsupported_operation = NULL;
static Py_ssize_t lines_flushed = 0;

typedef struct {
    PyObject_HEAD
    PyObject *target;
    PyObject *pending;
    int closed;
} SinkObject;

static PyObject *
lookup_unsupported(void)
{
    PyObject *io = PyImport_ImportModule("io");
    PyObject *exc;

    if (io == NULL)
        return NULL;
    exc = PyObject_GetAttrString(io, "UnsupportedOperation");
    Py_DECREF(io);
    return exc;
}

static void
set_sink_error(int status)
{
    switch (status) {
    case SINK_CLOSED:
        if (!unsupported_operation)
            unsupported_operation = lookup_unsupported();
        PyErr_SetString(unsupported_operation, "the sink is closed");
        break;
    case SINK_WRITE_FAILED:
        /* The target's exception is already set. */
        break;
    default:
        PyErr_SetString(PyExc_SystemError, "unknown sink status");
        break;
    }
}

static int
sink_flush(SinkObject *self)
{
    PyObject *res;
    Py_ssize_t n;

    if (self->closed) {
        set_sink_error(SINK_CLOSED);
        return -1;
    }
    n = PyList_GET_SIZE(self->pending);
    if (n == 0)
        return 0;
    res = PyObject_CallMethod(self->target, "writelines", "O", self->pending);
    if (res == NULL) {
        set_sink_error(SINK_WRITE_FAILED);
        return -1;
    }
    Py_DECREF(res);
    lines_flushed += n;
    return PyList_SetSlice(self->pending, 0, n, NULL);
}

static PyObject *
Sink_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"target", NULL};
    PyObject *target;
    SinkObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:Sink", kwlist, &target))
        return NULL;
    self = (SinkObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->pending = PyList_New(0);
    if (self->pending == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    Py_INCREF(target);
    self->target = target;
    return (PyObject *)self;
}

static int
Sink_traverse(SinkObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->target);
    Py_VISIT(self->pending);
    return 0;
}

static int
Sink_clear(SinkObject *self)
{
    Py_CLEAR(self->target);
    Py_CLEAR(self->pending);
    return 0;
}

static void
Sink_dealloc(SinkObject *self)
{
    PyObject *type, *value, *tb;

    PyObject_GC_UnTrack(self);
    /* Lines still pending are written now (the GC clears a sink in a cycle first: nothing left). */
    if (!self->closed && self->pending != NULL && PyList_GET_SIZE(self->pending) > 0) {
        PyErr_Fetch(&type, &value, &tb);
        if (sink_flush(self) < 0)
            PyErr_WriteUnraisable(NULL);
        PyErr_Restore(type, value, tb);
    }
    Sink_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Sink_add(SinkObject *self, PyObject *line)
{
    if (self->closed) {
        set_sink_error(SINK_CLOSED);
        return NULL;
    }
    if (PyList_Append(self->pending, line) < 0)
        return NULL;
    if (PyList_GET_SIZE(self->pending) >= BATCH && sink_flush(self) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
Sink_flush(SinkObject *self, PyObject *Py_UNUSED(ignored))
{
    if (sink_flush(self) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
Sink_close(SinkObject *self, PyObject *Py_UNUSED(ignored))
{
    if (!self->closed) {
        if (sink_flush(self) < 0)
            return NULL;
        self->closed = 1;
    }
    Py_RETURN_NONE;
}

static PyMethodDef Sink_methods[] = {
    {"add", (PyCFunction)Sink_add, METH_O, "Queue one line."},
    {"flush", (PyCFunction)Sink_flush, METH_NOARGS, "Write the queued lines."},
    {"close", (PyCFunction)Sink_close, METH_NOARGS, "Flush, then refuse more lines."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Sink_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "linesink.Sink",
    .tp_basicsize = sizeof(SinkObject),
    .tp_dealloc = (destructor)Sink_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Batches lines for a file object.",
    .tp_traverse = (traverseproc)Sink_traverse,
    .tp_clear = (inquiry)Sink_clear,
    .tp_methods = Sink_methods,
    .tp_new = Sink_new,
};

static PyObject *
linesink_flushed(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromSsize_t(lines_flushed);
}

static PyMethodDef linesink_methods[] = {
    {"flushed", linesink_flushed, METH_NOARGS, "Lines written by all sinks so far."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef linesinkmodule = {
    PyModuleDef_HEAD_INIT,
    "linesink",
    "Batched line writers.",
    -1,
    linesink_methods,
};

PyMODINIT_FUNC
PyInit_linesink(void)
{
    PyObject *m;

    if (PyType_Ready(&Sink_Type) < 0)
        return NULL;
    m = PyModule_Create(&linesinkmodule);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Sink_Type);
    if (PyModule_AddObject(m, "Sink", (PyObject *)&Sink_Type) < 0) {
        Py_DECREF(&Sink_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
