/* Self-written: the parameter list of the module's functions comes from an object-like macro. */
#include <Python.h>
#define LOOKUP_ARGS PyObject *self, PyObject *args, PyObject *kwargs
