/* The shapes module: one file per type, the module in input.c. */
#ifndef SHAPES_H
#define SHAPES_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#endif /* SHAPES_H */
