/* rlepack: run-length encoding of bytes, (count, byte) pairs. */
#include "rle_shared.h"

static PyObject *
rlepack_pack(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    PyObject *parts, *result = NULL;
    Py_ssize_t i = 0;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    parts = PyList_New(0);
    if (parts == NULL)
        goto done;
    while (i < view.len) {
        unsigned char b = ((unsigned char *)view.buf)[i];
        Py_ssize_t n = 1;

        while (i + n < view.len && ((unsigned char *)view.buf)[i + n] == b && n < RLE_MAX_RUN)
            n++;
        if (rle_put(parts, n, b) < 0)
            goto done;
        i += n;
    }
    result = _PyBytes_Join(PyBytes_FromStringAndSize(NULL, 0), parts);
done:
    Py_XDECREF(parts);
    PyBuffer_Release(&view);
    return result;
}

static PyObject *
rlepack_check_run(PyObject *module, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);

    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (!rle_run_ok(n)) {
        RLE_BAD_RUN(n);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef rlepack_methods[] = {
    {"pack", rlepack_pack, METH_O, "pack(data) -> bytes of (count, byte) pairs"},
    {"check_run", rlepack_check_run, METH_O, "check_run(n): raise RleError unless 1 <= n <= 255"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef rlepack_module = {
    PyModuleDef_HEAD_INIT,
    "rlepack",
    "Run-length encoding.",
    -1,
    rlepack_methods
};

PyMODINIT_FUNC
PyInit_rlepack(void)
{
    PyObject *m = PyModule_Create(&rlepack_module);

    if (m == NULL)
        return NULL;
    RleError = PyErr_NewException("rlepack.RleError", PyExc_ValueError, NULL);
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
