/* A checksum module from the days when threads were optional: the fallback that kept the
   interpreter in a global for Pythons before 2.3 (no PyGILState yet), and the counter kept
   when threads are missing, are never compiled by a Python 3, whose pyport.h always defines
   WITH_THREAD. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef WITH_THREAD
#if PY_VERSION_HEX >= 0x02030000
#define CK_USE_GILSTATE
#endif
#endif

#if defined(WITH_THREAD) && !defined(CK_USE_GILSTATE)
static PyInterpreterState *ck_interp = NULL;
#endif

#ifndef WITH_THREAD
static long ck_calls = 0;
#endif

static PyObject *CksumError;

static PyObject *
cksum_sum(PyObject *self, PyObject *args)
{
    Py_buffer view;
    unsigned long sum = 0;
    Py_ssize_t i;

    if (!PyArg_ParseTuple(args, "y*", &view))
        return NULL;
    if (view.len == 0) {
        PyBuffer_Release(&view);
        PyErr_SetString(CksumError, "empty input");
        return NULL;
    }
#ifndef WITH_THREAD
    ck_calls++;
#endif
    Py_BEGIN_ALLOW_THREADS
    for (i = 0; i < view.len; i++)
        sum = (sum * 31 + ((unsigned char *)view.buf)[i]) & 0xffffffffUL;
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(sum);
}

static PyMethodDef cksum_methods[] = {
    {"sum", cksum_sum, METH_VARARGS, "Checksum of a bytes-like object."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef cksum_module = {
    PyModuleDef_HEAD_INIT, "cksum", NULL, -1, cksum_methods,
};

PyMODINIT_FUNC
PyInit_cksum(void)
{
    PyObject *m = PyModule_Create(&cksum_module);
    if (m == NULL)
        return NULL;
#if defined(WITH_THREAD) && !defined(CK_USE_GILSTATE)
    ck_interp = PyThreadState_Get()->interp;
#endif
    CksumError = PyErr_NewException("cksum.error", NULL, NULL);
    if (CksumError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(CksumError);
    if (PyModule_AddObject(m, "error", CksumError) < 0) {
        Py_DECREF(CksumError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
