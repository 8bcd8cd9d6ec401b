#ifndef NPSTYLE_LOOPS_H_
#define NPSTYLE_LOOPS_H_

#include "npstyle_common.h"

/* Typed inner loops, generated from loops.c.src.  `data` points to `n`
 * contiguous items of the named C type. */
typedef void (nps_sum_func)(const char *data, Py_ssize_t n, double *out);
typedef int (nps_reduce_func)(const char *data, Py_ssize_t n, double *out);
typedef void (nps_scale_func)(char *data, Py_ssize_t n, double k);
typedef int (nps_fill_func)(char *data, Py_ssize_t n, PyObject *value);

#define NPS_DECLARE_LOOPS(name)                                   \
    NPS_NO_EXPORT void nps_##name##_sum(const char *, Py_ssize_t, double *); \
    NPS_NO_EXPORT int nps_##name##_min(const char *, Py_ssize_t, double *);  \
    NPS_NO_EXPORT int nps_##name##_max(const char *, Py_ssize_t, double *);  \
    NPS_NO_EXPORT void nps_##name##_scale(char *, Py_ssize_t, double);       \
    NPS_NO_EXPORT int nps_##name##_fill(char *, Py_ssize_t, PyObject *);

NPS_DECLARE_LOOPS(int)
NPS_DECLARE_LOOPS(long)
NPS_DECLARE_LOOPS(float)
NPS_DECLARE_LOOPS(double)

#undef NPS_DECLARE_LOOPS

#endif  /* NPSTYLE_LOOPS_H_ */
