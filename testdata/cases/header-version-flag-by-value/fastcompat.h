#ifndef FASTCOMPAT_H
#define FASTCOMPAT_H

#include <Python.h>

/* An implementation flag, then version flags over it and the Python version,
 * used by value. */
#ifdef PYPY_VERSION
  #define FAST_PYPY 1
  #define FAST_CPYTHON 0
#else
  #define FAST_PYPY 0
  #define FAST_CPYTHON 1
#endif

#define FAST_USE_FASTCALL FAST_CPYTHON && PY_MAJOR_VERSION == 3 && \
    (PY_MINOR_VERSION == 6 || PY_MINOR_VERSION == 7)
#define FAST_USE_UNDERSCORE_VECTORCALL \
    FAST_CPYTHON && PY_MAJOR_VERSION == 3 && PY_MINOR_VERSION == 8
#define FAST_USE_VECTORCALL FAST_CPYTHON && \
    ((PY_MAJOR_VERSION == 3 && PY_MINOR_VERSION >= 8) || PY_MAJOR_VERSION >= 4)

#endif
