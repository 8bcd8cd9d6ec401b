#ifndef DIRCLIENT_FUNCS_H
#define DIRCLIENT_FUNCS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Puts a function for each entry of methods into the dict d. */
void add_methods(PyObject *module, PyObject *d, PyMethodDef *methods);

#endif
