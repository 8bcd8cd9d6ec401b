/* rlestream: decoding of rlepack's (count, byte) pairs, with an RleError of its own. */
#include "rle_shared.h"

static PyObject *
rlestream_unpack(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    PyObject *result = NULL;
    Py_ssize_t i, total = 0;
    char *out;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    if (view.len % 2 != 0) {
        PyErr_SetString(RleError, "odd length: pairs expected");
        goto done;
    }
    for (i = 0; i < view.len; i += 2) {
        Py_ssize_t n = ((unsigned char *)view.buf)[i];

        if (!rle_run_ok(n)) {
            RLE_BAD_RUN(n);
            goto done;
        }
        total += n;
    }
    result = PyBytes_FromStringAndSize(NULL, total);
    if (result == NULL)
        goto done;
    out = PyBytes_AS_STRING(result);
    for (i = 0; i < view.len; i += 2) {
        Py_ssize_t n = ((unsigned char *)view.buf)[i];

        memset(out, ((unsigned char *)view.buf)[i + 1], (size_t)n);
        out += n;
    }
done:
    PyBuffer_Release(&view);
    return result;
}

static PyObject *
rlestream_repack(PyObject *module, PyObject *args)
{
    Py_ssize_t count;
    unsigned char byte;
    PyObject *parts, *result;

    if (!PyArg_ParseTuple(args, "nb", &count, &byte))
        return NULL;
    if (!rle_run_ok(count)) {
        RLE_BAD_RUN(count);
        return NULL;
    }
    parts = PyList_New(0);
    if (parts == NULL)
        return NULL;
    if (rle_put(parts, count, byte) < 0) {
        Py_DECREF(parts);
        return NULL;
    }
    result = PyList_GET_ITEM(parts, 0);
    Py_INCREF(result);
    Py_DECREF(parts);
    return result;
}

static PyMethodDef rlestream_methods[] = {
    {"unpack", rlestream_unpack, METH_O, "unpack(pairs) -> bytes"},
    {"repack", rlestream_repack, METH_VARARGS, "repack(count, byte) -> one pair"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef rlestream_module = {
    PyModuleDef_HEAD_INIT,
    "rlestream",
    "Run-length decoding.",
    -1,
    rlestream_methods
};

PyMODINIT_FUNC
PyInit_rlestream(void)
{
    PyObject *m;

    m = PyModule_Create(&rlestream_module);
    if (m == NULL)
        return NULL;
    RleError = PyErr_NewException("rlestream.RleError", PyExc_ValueError, NULL);
    if (RleError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(RleError);
    if (PyModule_AddObject(m, "RleError", RleError) < 0) {
        Py_DECREF(RleError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
