#ifndef TWINS_B_H
#define TWINS_B_H
#include <Python.h>

PyObject *make_b(PyObject *self, PyObject *unused);
#endif
