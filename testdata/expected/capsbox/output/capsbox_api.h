/*
 * capsbox_api.h -- public C API of the capsbox extension.
 *
 * Other extensions use capsbox like this:
 *
 *     #include "capsbox_api.h"
 *     ...
 *     PyMODINIT_FUNC PyInit_foo(void) {
 *         ...
 *         import_capsbox();       // returns NULL from PyInit_foo on failure
 *         ...
 *         PyObject *box = CapsBox_FromLong(42);
 *     }
 *
 * The API is a table of pointers exported in the capsule "capsbox._C_API".
 * Slots are only ever appended; never reorder them.
 */
#ifndef CAPSBOX_API_H
#define CAPSBOX_API_H
#ifdef __cplusplus
extern "C" {
#endif

#include <Python.h>

typedef struct {
    PyObject_HEAD
    long value;
    unsigned long version;      /* incremented on every change */
} PyCapsBoxObject;

#define PyCapsBox_CAPSULE_NAME "capsbox._C_API"

/* slot numbers in the API table */
#define PyCapsBox_Type_NUM      0
#define CapsBox_FromLong_NUM    1
#define CapsBox_AsLong_NUM      2
#define CapsBox_Add_NUM         3
#define PyCapsBox_API_pointers  4

#ifdef CAPSBOX_MODULE
/* This section is used when compiling capsbox.c itself. */

static PyObject *CapsBox_FromLong(long value);
static long CapsBox_AsLong(PyObject *box);
static int CapsBox_Add(PyObject *box, long delta);

#else
/* This section is used in modules that use capsbox's API. */

static void **PyCapsBox_API;

#define CapsBox_Type \
    (*(PyTypeObject *)PyCapsBox_API[PyCapsBox_Type_NUM])
#define CapsBox_FromLong \
    (*(PyObject *(*)(long))PyCapsBox_API[CapsBox_FromLong_NUM])
#define CapsBox_AsLong \
    (*(long (*)(PyObject *))PyCapsBox_API[CapsBox_AsLong_NUM])
#define CapsBox_Add \
    (*(int (*)(PyObject *, long))PyCapsBox_API[CapsBox_Add_NUM])

/* Return -1 on error, 0 on success.
 * PyCapsule_Import sets an exception if there is an error. */
static int
_import_capsbox(void)
{
    PyCapsBox_API = (void **)PyCapsule_Import(PyCapsBox_CAPSULE_NAME, 0);
    return (PyCapsBox_API != NULL) ? 0 : -1;
}

#define import_capsbox() \
    do { if (_import_capsbox() < 0) return NULL; } while (0)

#endif /* CAPSBOX_MODULE */

#define CapsBox_Check(op) PyObject_TypeCheck(op, &CapsBox_Type)

#ifdef __cplusplus
}
#endif
#endif /* !defined(CAPSBOX_API_H) */
