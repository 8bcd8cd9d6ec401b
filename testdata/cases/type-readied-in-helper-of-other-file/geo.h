#ifndef GEO_H
#define GEO_H

#include <Python.h>

/* Readies the Point type and adds it to the module: 0, or -1 with an exception set. */
int geo_add_types(PyObject *module);

/* A new Point. */
PyObject *point_new(double x, double y);

#endif
