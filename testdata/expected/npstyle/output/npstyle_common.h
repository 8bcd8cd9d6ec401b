#ifndef NPSTYLE_COMMON_H_
#define NPSTYLE_COMMON_H_

/*
 * Declarations shared by the npstyle sources.  The conventions follow the
 * NumPy C sources: everything that is shared between translation units but
 * is not part of any public API is declared NPS_NO_EXPORT, inline helpers
 * use Py_LOCAL_INLINE, and imports of Python-level helpers are cached in
 * function-level statics through nps_cache_import().
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if defined(_WIN32) || defined(__CYGWIN__)
    #define NPS_VISIBILITY_HIDDEN
#elif defined(__GNUC__) && (__GNUC__ >= 4)
    #define NPS_VISIBILITY_HIDDEN __attribute__((visibility("hidden")))
#else
    #define NPS_VISIBILITY_HIDDEN
#endif
#define NPS_NO_EXPORT NPS_VISIBILITY_HIDDEN

#define NPSTYLE_VERSION "0.9.1"

#ifndef NPS_UNUSED
    #define NPS_UNUSED(x) __NPS_UNUSED_TAGGED ## x __attribute__((__unused__))
    #define __NPS_UNUSED_TAGGED __NPS_UNUSED_TAGGED_
#endif

/* interned strings, created once at import (see intern_strings in module.c) */
typedef struct nps_interned_str_struct {
    PyObject *format;
    PyObject *itemsize;
    PyObject *count;
    PyObject *nps_sum;          /* "__nps_sum__" protocol hook */
} nps_interned_str_struct;

/* accumulator.c */
#define PyNpsAccumulator_Check(st, op) PyObject_TypeCheck(op, st->PyNpsAccumulator_Type)

/*
 * Import `module` and return a new reference to `module.attr`.
 */
static inline PyObject *
nps_import_attr(const char *module, const char *attr)
{
    PyObject *mod = PyImport_ImportModule(module);
    PyObject *ret;

    if (mod == NULL) {
        return NULL;
    }
    ret = PyObject_GetAttrString(mod, attr);
    Py_DECREF(mod);
    return ret;
}

/*
 * Fill *cache with `module.attr` on the first call.  On failure *cache stays
 * NULL and an exception is set; callers test *cache afterwards.
 */
static inline void
nps_cache_import(const char *module, const char *attr, PyObject **cache)
{
    if (*cache == NULL) {
        *cache = nps_import_attr(module, attr);
    }
}

/* PyObject_GetOptionalAttr() is new in 3.13 */
#if PY_VERSION_HEX >= 0x030D0000
    #define nps_GetOptionalAttr PyObject_GetOptionalAttr
#else
static inline int
nps_GetOptionalAttr(PyObject *obj, PyObject *name, PyObject **result)
{
    *result = PyObject_GetAttr(obj, name);
    if (*result != NULL) {
        return 1;
    }
    if (!PyErr_ExceptionMatches(PyExc_AttributeError)) {
        return -1;
    }
    PyErr_Clear();
    return 0;
}
#endif

/* compensated summation step */
Py_LOCAL_INLINE(double)
nps_kahan_add(double sum, double x, double *c)
{
    double y = x - *c;
    double t = sum + y;
    *c = (t - sum) - y;
    return t;
}

#endif  /* NPSTYLE_COMMON_H_ */
