/* The Scanner type: iterates over the words of a string. Included by input.c. */
#include "scanner.h"
#include "pyext_isolate_compat.h"

static PyObject *
scanner_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *text;
    ScannerObject *self;

    if (!PyArg_ParseTuple(args, "U", &text))
        return NULL;
    self = (ScannerObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(text);
    self->text = text;
    self->pos = 0;
    return (PyObject *)self;
}

static void
scanner_dealloc(ScannerObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->text);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
scanner_iter(PyObject *self)
{
    Py_INCREF(self);
    return self;
}

static PyObject *
scanner_next(ScannerObject *self)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(self->text);
    Py_ssize_t start;

    while (self->pos < len && Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(self->text, self->pos)))
        self->pos++;
    if (self->pos >= len)
        return NULL;
    start = self->pos;
    while (self->pos < len && !Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(self->text, self->pos)))
        self->pos++;
    return PyUnicode_Substring(self->text, start, self->pos);
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
scanner_type_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot scanner_type_slots[] = {
    {Py_tp_dealloc, (void *)scanner_dealloc},
    {Py_tp_doc, (void *)"Scanner(text) -> iterator over the words of text"},
    {Py_tp_traverse, (void *)scanner_type_traverse},
    {Py_tp_iter, (void *)scanner_iter},
    {Py_tp_iternext, (void *)scanner_next},
    {Py_tp_new, (void *)scanner_new},
    {0, NULL},
};

PyType_Spec scanner_type_spec = {
    .name = "wordscan.Scanner",
    .basicsize = sizeof(ScannerObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = scanner_type_slots,
};
