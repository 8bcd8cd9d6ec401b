/* proj.h -- the project's declarations, through its own storage macro (it exists so that the
 * same header can declare, or define when PROJ_DEFINE_GLOBALS is set). */
#ifndef PROJ_H
#define PROJ_H
#include <Python.h>
#define PROJ_DATA(type) extern type
PROJ_DATA(PyObject *) ProjError;
PROJ_DATA(PyTypeObject) ProjTokenType;
#endif
