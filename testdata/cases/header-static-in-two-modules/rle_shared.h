/* What rlepack and rlestream share. Each module compiles its own copy of the statics below. */
#ifndef RLE_SHARED_H
#define RLE_SHARED_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The error each module raises (each creates its own in its init). */
static PyObject *RleError;

#define RLE_MAX_RUN 255

/* Raise RleError for a run that does not fit in a byte. */
#define RLE_BAD_RUN(n) PyErr_Format(RleError, "run of %zd does not fit in a byte", (Py_ssize_t)(n))

static int
rle_run_ok(Py_ssize_t n)
{
    return n >= 1 && n <= RLE_MAX_RUN;
}

/* Append one (count, byte) pair to out; -1 with an exception set on failure. */
static int
rle_put(PyObject *out, Py_ssize_t count, unsigned char byte)
{
    char pair[2];
    PyObject *chunk;
    int rc;

    pair[0] = (char)count;
    pair[1] = (char)byte;
    chunk = PyBytes_FromStringAndSize(pair, 2);
    if (chunk == NULL)
        return -1;
    rc = PyList_Append(out, chunk);
    Py_DECREF(chunk);
    return rc;
}

#endif /* RLE_SHARED_H */
