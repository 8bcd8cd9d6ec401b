#ifndef COMPAT_H
#define COMPAT_H
#ifdef PYPY_VERSION
  #define MY_CPYTHON 0
#else
  #define MY_CPYTHON 1
#endif
#define MY_USE_VECTORCALL MY_CPYTHON && ((PY_MAJOR_VERSION == 3 && PY_MINOR_VERSION >= 8) || PY_MAJOR_VERSION >= 4)
#endif
