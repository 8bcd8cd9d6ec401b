/* geomkit.h - shared declarations for the geomkit extension.
 *
 * geomkit is split over three translation units:
 *   module.c   module init, module-level functions, the exception object
 *   vector.c   the Vector type (variable-size, number + sequence protocol)
 *   matrix.c   the Matrix type (number + mapping protocol)
 *
 * Symbols shared between the files are hidden from the dynamic symbol table
 * (GEOM_NO_EXPORT) so that only PyInit_geomkit is exported.
 */
#ifndef GEOMKIT_H
#define GEOMKIT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>             /* offsetof */

#if defined(__GNUC__) && __GNUC__ >= 4 && !defined(_WIN32)
#  define GEOM_VISIBILITY_HIDDEN __attribute__((visibility("hidden")))
#else
#  define GEOM_VISIBILITY_HIDDEN
#endif

/* storage class for data and functions shared between geomkit's files */
#define GEOM_NO_EXPORT GEOM_VISIBILITY_HIDDEN
/* the same, for function prototypes in this header */
#define GEOM_API extern GEOM_NO_EXPORT

#define GEOM_MODULE_NAME "geomkit"

/* ------------------------------------------------------------------ types */

typedef struct {
    PyObject_VAR_HEAD
    double ob_item[1];          /* Py_SIZE(self) components */
} VectorObject;

typedef struct {
    PyObject_HEAD
    Py_ssize_t rows;
    Py_ssize_t cols;
    double *data;               /* rows * cols, row major, PyMem_Malloc'ed */
} MatrixObject;

/* defined in vector.c */
extern PyTypeObject Vector_Type;
/* defined in matrix.c */
extern GEOM_NO_EXPORT PyTypeObject Matrix_Type;
/* defined in module.c */
extern GEOM_NO_EXPORT PyObject *GeomError;

#define Vector_Check(op)        PyObject_TypeCheck(op, &Vector_Type)
#define Vector_CheckExact(op)   Py_IS_TYPE(op, &Vector_Type)
#define Matrix_Check(op)        PyObject_TypeCheck(op, &Matrix_Type)

#define VECTOR_LEN(op)          Py_SIZE(op)
#define VECTOR_DATA(op)         (((VectorObject *)(op))->ob_item)
#define MATRIX_AT(m, i, j)      ((m)->data[(i) * (m)->cols + (j)])

/* -------------------------------------------------------------- functions */

/* vector.c */
GEOM_API PyObject *Vector_New(Py_ssize_t n);
GEOM_API PyObject *Vector_FromDoubles(const double *v, Py_ssize_t n);
GEOM_API double Vector_Dot(PyObject *a, PyObject *b);

/* matrix.c */
GEOM_API PyObject *Matrix_New(Py_ssize_t rows, Py_ssize_t cols);
GEOM_API int Matrix_ClearFreeList(void);

/* module.c */
GEOM_API int geom_as_double(PyObject *obj, double *out);

#endif /* GEOMKIT_H */
