/* Allocation counters, kept for debugging (read them from a debugger, or through
 * blobkit.stats()). Built as its own translation unit. */
#include "blobkit.h"

long blob_allocs = 0;
long blob_alloc_fail = -1;

void *
blob_alloc(size_t size)
{
    if (blob_alloc_fail >= 0 && blob_allocs >= blob_alloc_fail) {
        PyErr_NoMemory();
        return NULL;
    }
    blob_allocs++;
    return PyMem_Malloc(size ? size : 1);
}

void
blob_free(void *p)
{
    PyMem_Free(p);
}

PyObject *
blobkit_stats(PyObject *module, PyObject *unused)
{
    return Py_BuildValue("{sl}", "allocs", blob_allocs);
}

PyObject *
blobkit_fail_after(PyObject *module, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    blob_alloc_fail = n;
    Py_RETURN_NONE;
}
