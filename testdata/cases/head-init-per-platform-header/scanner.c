/* The Scanner type: iterates over the words of a string. Included by input.c. */
#include "scanner.h"

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
    Py_XDECREF(self->text);
    Py_TYPE(self)->tp_free((PyObject *)self);
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

static PyTypeObject scanner_type = {
    WS_OBJECT_HEAD_INIT
    "wordscan.Scanner",                 /* tp_name */
    sizeof(ScannerObject),              /* tp_basicsize */
    0,                                  /* tp_itemsize */
    (destructor)scanner_dealloc,        /* tp_dealloc */
    0,                                  /* tp_vectorcall_offset */
    0,                                  /* tp_getattr */
    0,                                  /* tp_setattr */
    0,                                  /* tp_as_async */
    0,                                  /* tp_repr */
    0,                                  /* tp_as_number */
    0,                                  /* tp_as_sequence */
    0,                                  /* tp_as_mapping */
    0,                                  /* tp_hash */
    0,                                  /* tp_call */
    0,                                  /* tp_str */
    0,                                  /* tp_getattro */
    0,                                  /* tp_setattro */
    0,                                  /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,                 /* tp_flags */
    "Scanner(text) -> iterator over the words of text", /* tp_doc */
    0,                                  /* tp_traverse */
    0,                                  /* tp_clear */
    0,                                  /* tp_richcompare */
    0,                                  /* tp_weaklistoffset */
    scanner_iter,                       /* tp_iter */
    (iternextfunc)scanner_next,         /* tp_iternext */
    0,                                  /* tp_methods */
    0,                                  /* tp_members */
    0,                                  /* tp_getset */
    0,                                  /* tp_base */
    0,                                  /* tp_dict */
    0,                                  /* tp_descr_get */
    0,                                  /* tp_descr_set */
    0,                                  /* tp_dictoffset */
    0,                                  /* tp_init */
    0,                                  /* tp_alloc */
    scanner_new,                        /* tp_new */
};
