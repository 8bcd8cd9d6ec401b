/* Helpers both modules link in (the build lists common.c among the sources of each). */
#ifndef TEXTFMT_H
#define TEXTFMT_H
#include <Python.h>

PyObject *textfmt_pad(PyObject *text, Py_ssize_t width, char fill);
Py_ssize_t textfmt_width(PyObject *text);
#endif
