/* galois: GF(2^8) arithmetic for Python, on the tables of gf256.c. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *GaloisError;

#include "gf256.h"

static int
element_arg(PyObject *arg, gf_elem *out)
{
    long v = PyLong_AsLong(arg);

    if (v == -1 && PyErr_Occurred())
        return -1;
    if (v < 0 || v > 255) {
        PyErr_Format(GaloisError, "%ld is not an element of GF(256)", v);
        return -1;
    }
    *out = (gf_elem)v;
    return 0;
}

static PyObject *
galois_mul(PyObject *module, PyObject *args)
{
    PyObject *a, *b;
    gf_elem x, y;

    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    if (element_arg(a, &x) < 0 || element_arg(b, &y) < 0)
        return NULL;
    return PyLong_FromLong(gf_mul(x, y));
}

static PyObject *
galois_inverse(PyObject *module, PyObject *arg)
{
    gf_elem x;

    if (element_arg(arg, &x) < 0)
        return NULL;
    if (x == 0) {
        PyErr_SetString(GaloisError, "0 has no inverse");
        return NULL;
    }
    return PyLong_FromLong(gf_inverse(x));
}

static PyObject *
galois_scale(PyObject *module, PyObject *args)
{
    Py_buffer data;
    PyObject *c, *result;
    gf_elem factor;

    if (!PyArg_ParseTuple(args, "y*O", &data, &c))
        return NULL;
    if (element_arg(c, &factor) < 0) {
        PyBuffer_Release(&data);
        return NULL;
    }
    result = PyBytes_FromStringAndSize(NULL, data.len);
    if (result != NULL)
        gf_scale((gf_elem *)PyBytes_AS_STRING(result), (const gf_elem *)data.buf, factor, (size_t)data.len);
    PyBuffer_Release(&data);
    return result;
}

static PyMethodDef galois_methods[] = {
    {"mul", galois_mul, METH_VARARGS, "mul(a, b) -> the product in GF(256)"},
    {"inverse", galois_inverse, METH_O, "inverse(a) -> 1/a in GF(256)"},
    {"scale", galois_scale, METH_VARARGS, "scale(data, c) -> every byte of data times c"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef galois_module = {
    PyModuleDef_HEAD_INIT, "galois", "Arithmetic in GF(256).", -1, galois_methods
};

PyMODINIT_FUNC
PyInit_galois(void)
{
    PyObject *m;

    gf_setup();
    m = PyModule_Create(&galois_module);
    if (m == NULL)
        return NULL;
    GaloisError = PyErr_NewException("galois.GaloisError", PyExc_ValueError, NULL);
    if (GaloisError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(GaloisError);
    if (PyModule_AddObject(m, "GaloisError", GaloisError) < 0) {
        Py_DECREF(GaloisError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
