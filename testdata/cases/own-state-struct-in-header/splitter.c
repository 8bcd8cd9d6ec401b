/* The Splitter type: buffers bytes and hands out complete lines. */
#include "linebuf.h"

static PyObject *separator;   /* b"\n", made on first use */

typedef struct {
    PyObject_HEAD
    PyObject *pending;
} SplitterObject;

static PyObject *
Splitter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    SplitterObject *self = (SplitterObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->pending = PyBytes_FromStringAndSize(NULL, 0);
    if (self->pending == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static int
Splitter_traverse(SplitterObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->pending);
    return 0;
}

static void
Splitter_dealloc(SplitterObject *self)
{
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->pending);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* feed(data) -> list of the complete lines seen so far */
static PyObject *
Splitter_feed(SplitterObject *self, PyObject *data)
{
    PyObject *joined, *parts, *rest;
    Py_ssize_t n;

    if (separator == NULL) {
        separator = PyBytes_FromString("\n");
        if (separator == NULL)
            return NULL;
    }
    joined = PyNumber_Add(self->pending, data);
    if (joined == NULL)
        return NULL;
    parts = PyObject_CallMethod(joined, "split", "O", separator);
    Py_DECREF(joined);
    if (parts == NULL)
        return NULL;
    n = PyList_GET_SIZE(parts);
    rest = PyList_GET_ITEM(parts, n - 1);
    Py_INCREF(rest);
    Py_SETREF(self->pending, rest);
    if (PyList_SetSlice(parts, n - 1, n, NULL) < 0) {
        Py_DECREF(parts);
        return NULL;
    }
    return parts;
}

/* take(other): moves what another splitter holds back into this one */
static PyObject *
Splitter_take(SplitterObject *self, PyObject *other)
{
    PyObject *joined;

    if (!PyObject_TypeCheck(other, &Splitter_Type)) {
        PyErr_SetString(PyExc_TypeError, "take() needs a Splitter");
        return NULL;
    }
    joined = PyNumber_Add(self->pending, ((SplitterObject *)other)->pending);
    if (joined == NULL)
        return NULL;
    Py_SETREF(self->pending, joined);
    Py_RETURN_NONE;
}

static PyMethodDef Splitter_methods[] = {
    {"feed", (PyCFunction)Splitter_feed, METH_O, NULL},
    {"take", (PyCFunction)Splitter_take, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

PyTypeObject Splitter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "linebuf.Splitter",
    .tp_basicsize = sizeof(SplitterObject),
    .tp_dealloc = (destructor)Splitter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_traverse = (traverseproc)Splitter_traverse,
    .tp_methods = Splitter_methods,
    .tp_new = Splitter_new,
};
