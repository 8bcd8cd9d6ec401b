/* A module over vendored plain-C code whose parse is damaged (the vendored file names nothing of
 * Python): the damage cannot hide Python state, so it does not keep the module from isolation. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

uint32_t fold32(const unsigned char *p, size_t n);

static PyObject *FoldError;

static PyObject *
fold_digest(PyObject *self, PyObject *arg)
{
    Py_buffer view;
    uint32_t h;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    if (view.len == 0) {
        PyBuffer_Release(&view);
        PyErr_SetString(FoldError, "nothing to fold");
        return NULL;
    }
    h = fold32((const unsigned char *)view.buf, (size_t)view.len);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong((unsigned long)h);
}

static PyMethodDef fold_methods[] = {
    {"digest", fold_digest, METH_O, "32-bit FNV-1a of a bytes-like object."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fold_module = {
    PyModuleDef_HEAD_INIT,
    "fold",
    NULL,
    -1,
    fold_methods,
};

PyMODINIT_FUNC
PyInit_fold(void)
{
    PyObject *m = PyModule_Create(&fold_module);

    if (m == NULL) {
        return NULL;
    }
    FoldError = PyErr_NewException("fold.FoldError", PyExc_ValueError, NULL);
    if (FoldError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(FoldError);
    if (PyModule_AddObject(m, "FoldError", FoldError) < 0) {
        Py_DECREF(FoldError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
