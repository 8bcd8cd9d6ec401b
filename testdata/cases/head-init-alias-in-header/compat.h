/* compat.h -- spellings shared by every file of the project. */
#ifndef PROJ_COMPAT_H
#define PROJ_COMPAT_H
#include <Python.h>
#define PROJ_HEAD_INIT PyVarObject_HEAD_INIT(NULL, 0)
#endif
