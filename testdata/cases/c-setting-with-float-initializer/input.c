/* A module-wide setting that starts at a floating-point value (-1.0: "no timeout"), read and written
 * by module functions, as socket modules keep their default timeout. Per module it needs a state
 * field that exec sets to that value. */
#include <Python.h>

static double default_timeout = -1.0;
static double backoff = 2.5e-1;

static PyObject *
timing_get(PyObject *self, PyObject *unused)
{
    if (default_timeout < 0.0)
        Py_RETURN_NONE;
    return PyFloat_FromDouble(default_timeout);
}

static PyObject *
timing_set(PyObject *self, PyObject *arg)
{
    double t;
    if (arg == Py_None) {
        default_timeout = -1.0;
        Py_RETURN_NONE;
    }
    t = PyFloat_AsDouble(arg);
    if (t == -1.0 && PyErr_Occurred())
        return NULL;
    if (t < 0.0) {
        PyErr_SetString(PyExc_ValueError, "timeout must be non-negative");
        return NULL;
    }
    default_timeout = t;
    Py_RETURN_NONE;
}

static PyObject *
timing_backoff(PyObject *self, PyObject *unused)
{
    return PyFloat_FromDouble(backoff);
}

static PyMethodDef timing_methods[] = {
    {"getdefaulttimeout", timing_get, METH_NOARGS, "The default timeout, or None."},
    {"setdefaulttimeout", timing_set, METH_O, "Set the default timeout (None: none)."},
    {"backoff", timing_backoff, METH_NOARGS, "The retry backoff."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef timing_module = {
    PyModuleDef_HEAD_INIT,
    "timing",
    "A default timeout per module.",
    -1,
    timing_methods,
};

PyMODINIT_FUNC
PyInit_timing(void)
{
    return PyModule_Create(&timing_module);
}
