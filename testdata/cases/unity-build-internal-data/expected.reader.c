/* The Reader type: reads a copy of a bytes object in chunks. blobkit.c includes this file
 * (one translation unit for the whole extension). */
#include "blobkit_state.h"

static PyObject *
reader_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    blobkit_state *st = blobkit_get_state_of_type(type);
    static char *kwlist[] = {"data", NULL};
    const char *data;
    Py_ssize_t len;
    ReaderObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "y#", kwlist, &data, &len))
        return NULL;
    self = (ReaderObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->buf = blob_alloc(st, (size_t)len);
    if (self->buf == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    memcpy(self->buf, data, (size_t)len);
    self->len = len;
    self->pos = 0;
    return (PyObject *)self;
}

static void
reader_dealloc(ReaderObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    blob_free(self->buf);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
reader_read(ReaderObject *self, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    PyObject *chunk;
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 0 || n > self->len - self->pos)
        n = self->len - self->pos;
    chunk = PyBytes_FromStringAndSize(self->buf + self->pos, n);
    if (chunk != NULL)
        self->pos += n;
    return chunk;
}

/* A new Reader over what is left to read. */
static PyObject *
reader_rest(ReaderObject *self, PyObject *unused)
{
    blobkit_state *st = blobkit_get_state_of_type(Py_TYPE(self));
    return PyObject_CallFunction((PyObject *)st->ReaderType, "y#", self->buf + self->pos, self->len - self->pos);
}

static PyMethodDef reader_methods[] = {
    {"read", (PyCFunction)reader_read, METH_O, "read(n) -> up to n bytes"},
    {"rest", (PyCFunction)reader_rest, METH_NOARGS, "a new Reader over the unread bytes"},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot reader_slots[] = {
    {Py_tp_new, reader_new},
    {Py_tp_dealloc, reader_dealloc},
    {Py_tp_methods, reader_methods},
    {0, NULL}
};

static PyType_Spec reader_spec = {
    "blobkit.Reader",
    sizeof(ReaderObject),
    0,
    Py_TPFLAGS_DEFAULT,
    reader_slots
};

int
reader_module_init(PyObject *mod)
{
    blobkit_state *st = get_blobkit_state(mod);
    st->ReaderType = (PyTypeObject *)PyType_FromModuleAndSpec(mod, &reader_spec, NULL);
    if (st->ReaderType == NULL)
        return -1;
    Py_INCREF(st->ReaderType);
    if (PyModule_AddObject(mod, "Reader", (PyObject *)st->ReaderType) < 0) {
        Py_DECREF(st->ReaderType);
        return -1;
    }
    return 0;
}
