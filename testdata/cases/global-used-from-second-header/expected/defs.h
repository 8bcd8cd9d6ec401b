/* Definitions shared by every file of the ciset module. */
#ifndef CISET_DEFS_H
#define CISET_DEFS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#endif /* CISET_DEFS_H */
