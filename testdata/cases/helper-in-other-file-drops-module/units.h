#ifndef UNITS_H
#define UNITS_H

#include <Python.h>

/* Adds the conversion factors to the module: 0, or -1 with an exception set. */
int units_setup(PyObject *module);

#endif
