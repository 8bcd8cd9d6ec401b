#include <Python.h>
#if PY_MAJOR_VERSION >= 3
    #define MYMOD_PYTHON3
#endif
