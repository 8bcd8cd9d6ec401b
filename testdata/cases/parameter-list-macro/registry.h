/* The module functions' parameter list, written once. */
#include <Python.h>

#define REGISTRY_ARGS PyObject *module, PyObject *args, PyObject *kwds
