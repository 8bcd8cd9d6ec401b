/* A small extension built on NumPy's C-API, the way most of them start: import_array() in the
 * init function fills NumPy's function table, and the methods call PyArray_* through it. */
#define PY_SSIZE_T_CLEAN
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <Python.h>
#include <numpy/arrayobject.h>

static PyObject *
weighted_sum(PyObject *module, PyObject *args)
{
    PyObject *values_obj, *weights_obj;
    PyArrayObject *values = NULL, *weights = NULL;
    double total = 0.0;
    npy_intp i, n;

    if (!PyArg_ParseTuple(args, "OO:weighted_sum", &values_obj, &weights_obj)) {
        return NULL;
    }
    values = (PyArrayObject *)PyArray_FROMANY(values_obj, NPY_DOUBLE, 1, 1, NPY_ARRAY_IN_ARRAY);
    if (values == NULL) {
        return NULL;
    }
    weights = (PyArrayObject *)PyArray_FROMANY(weights_obj, NPY_DOUBLE, 1, 1, NPY_ARRAY_IN_ARRAY);
    if (weights == NULL) {
        Py_DECREF(values);
        return NULL;
    }
    n = PyArray_DIM(values, 0);
    if (PyArray_DIM(weights, 0) != n) {
        PyErr_SetString(PyExc_ValueError, "values and weights differ in length");
        Py_DECREF(values);
        Py_DECREF(weights);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        total += *(double *)PyArray_GETPTR1(values, i) * *(double *)PyArray_GETPTR1(weights, i);
    }
    Py_DECREF(values);
    Py_DECREF(weights);
    return PyFloat_FromDouble(total);
}

static PyObject *
ramp(PyObject *module, PyObject *arg)
{
    npy_intp n = PyLong_AsSsize_t(arg);
    PyArrayObject *out;
    npy_intp i;

    if (n == -1 && PyErr_Occurred()) {
        return NULL;
    }
    out = (PyArrayObject *)PyArray_SimpleNew(1, &n, NPY_INT64);
    if (out == NULL) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        *(npy_int64 *)PyArray_GETPTR1(out, i) = (npy_int64)i;
    }
    return (PyObject *)out;
}

static PyMethodDef npconsumer_methods[] = {
    {"weighted_sum", weighted_sum, METH_VARARGS, "Sum of values times weights."},
    {"ramp", ramp, METH_O, "0, 1, ..., n-1 as an int64 array."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef npconsumer_module = {
    PyModuleDef_HEAD_INIT, "npconsumer", "Uses NumPy's C-API.", -1, npconsumer_methods,
};

PyMODINIT_FUNC
PyInit_npconsumer(void)
{
    PyObject *m;

    import_array();

    m = PyModule_Create(&npconsumer_module);
    if (m == NULL) {
        return NULL;
    }
    if (PyModule_AddStringConstant(m, "numpy_abi", "ndarray") < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
