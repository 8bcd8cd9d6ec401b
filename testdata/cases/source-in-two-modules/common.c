/* Formatting helpers linked into both textpad and textwrapc: no state of their own. */
#include "common.h"

Py_ssize_t
textfmt_width(PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "expected str");
        return -1;
    }
    return PyUnicode_GET_LENGTH(text);
}

PyObject *
textfmt_pad(PyObject *text, Py_ssize_t width, char fill)
{
    Py_ssize_t n = textfmt_width(text);
    PyObject *pad, *out;

    if (n < 0)
        return NULL;
    if (n >= width) {
        Py_INCREF(text);
        return text;
    }
    pad = PyUnicode_New(width - n, 127);
    if (pad == NULL)
        return NULL;
    memset(PyUnicode_DATA(pad), fill, (size_t)(width - n));
    out = PyUnicode_Concat(text, pad);
    Py_DECREF(pad);
    return out;
}
