/* Shared by the files of the units extension (not installed). */
#ifndef UNITS_H
#define UNITS_H

#include <Python.h>

extern PyObject *UnitError;

PyObject *unit_lookup(const char *name);
double unit_convert(double value, PyObject *from, PyObject *to);

#endif
