/* Allocation counters, kept for debugging (read them from a debugger, or through
 * blobkit.stats()). Built as its own translation unit. */
#include "blobkit.h"
#include "blobkit_state.h"

void *
blob_alloc(blobkit_state *st, size_t size)
{
    if (st->blob_alloc_fail >= 0 && st->blob_allocs >= st->blob_alloc_fail) {
        PyErr_NoMemory();
        return NULL;
    }
    st->blob_allocs++;
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
    blobkit_state *st = get_blobkit_state(module);
    return Py_BuildValue("{sl}", "allocs", st->blob_allocs);
}

PyObject *
blobkit_fail_after(PyObject *module, PyObject *arg)
{
    blobkit_state *st = get_blobkit_state(module);
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    st->blob_alloc_fail = n;
    Py_RETURN_NONE;
}
