/* Definitions every file of wordscan shares; the platform header says how a type object starts. */
#ifndef WORDSCAN_COMMON_H
#define WORDSCAN_COMMON_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if defined(_MSC_VER)
#   include "msvc.h"
#else
#   include "posix.h"
#endif

#endif
