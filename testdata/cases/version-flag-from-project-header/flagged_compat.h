/* flagged: the project's own Python 3 flag, defined in its header under a version test, as
 * cheetah3's _namemapper.h does (self-written). */
#ifndef FLAGGED_COMPAT_H
#define FLAGGED_COMPAT_H

#include <Python.h>

#if PY_MAJOR_VERSION >= 3
#define FLAGGED_PY3
#endif

#define FLAGGED_MAX_PARTS 8

#endif
