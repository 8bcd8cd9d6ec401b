/* Shared by the files of the units extension (not installed). */
#ifndef UNITS_H
#define UNITS_H

#include <Python.h>
#include "units_state.h"

PyObject *unit_lookup(units_state *st, const char *name);
double unit_convert(double value, PyObject *from, PyObject *to);

#endif
