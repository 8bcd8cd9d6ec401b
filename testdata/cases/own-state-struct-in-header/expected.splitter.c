/* The Splitter type: buffers bytes and hands out complete lines. */
#include "linebuf.h"

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *pending;
} SplitterObject;

/* The state of `self`, a SplitterObject of this module's types or of a
 * subclass: kept in the object once looked up. */
static inline struct linebuf_ModuleState *
linebuf_get_state_of_SplitterObject(SplitterObject *self)
{
    if (self->module_state == NULL)
        self->module_state = linebuf_get_state_by_type(Py_TYPE(self));
    return (struct linebuf_ModuleState *)self->module_state;
}

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
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->pending);
    return 0;
}

static void
Splitter_dealloc(SplitterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->pending);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

/* feed(data) -> list of the complete lines seen so far */
static PyObject *
Splitter_feed(SplitterObject *self, PyObject *data)
{
    struct linebuf_ModuleState *st = linebuf_get_state_of_SplitterObject(self);
    PyObject *joined, *parts, *rest;
    Py_ssize_t n;

    if (st == NULL)
        return NULL;
    if (st->separator == NULL) {
        st->separator = PyBytes_FromString("\n");
        if (st->separator == NULL)
            return NULL;
    }
    joined = PyNumber_Add(self->pending, data);
    if (joined == NULL)
        return NULL;
    parts = PyObject_CallMethod(joined, "split", "O", st->separator);
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
    struct linebuf_ModuleState *st = linebuf_get_state_of_SplitterObject(self);
    PyObject *joined;

    if (st == NULL)
        return NULL;
    if (!PyObject_TypeCheck(other, st->Splitter_Type)) {
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

static PyType_Slot Splitter_slots[] = {
    {Py_tp_dealloc, (void *)Splitter_dealloc},
    {Py_tp_traverse, (void *)Splitter_traverse},
    {Py_tp_methods, (void *)Splitter_methods},
    {Py_tp_new, (void *)Splitter_new},
    {0, NULL},
};

PyType_Spec Splitter_spec = {
    .name = "linebuf.Splitter",
    .basicsize = sizeof(SplitterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Splitter_slots,
};
