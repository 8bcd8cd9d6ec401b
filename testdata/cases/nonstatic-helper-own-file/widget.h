#ifndef WIDGET_H
#define WIDGET_H
#include <Python.h>

extern PyObject *WidgetError;

PyObject *widget_poke(PyObject *self, PyObject *arg);

#endif
