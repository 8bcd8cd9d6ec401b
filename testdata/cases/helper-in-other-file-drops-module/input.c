/* The init function hands its module to a setup function in another file, which (like its own
 * helper) releases the module on its error path so that the init can simply return NULL. */
#include <Python.h>
#include "units.h"

static PyObject *UnitError;

static PyObject *
units_to_metres(PyObject *self, PyObject *args)
{
    double value, factor;

    if (!PyArg_ParseTuple(args, "dd", &value, &factor))
        return NULL;
    if (factor <= 0.0) {
        PyErr_SetString(UnitError, "conversion factor must be positive");
        return NULL;
    }
    return PyFloat_FromDouble(value * factor);
}

static PyMethodDef units_methods[] = {
    {"to_metres", units_to_metres, METH_VARARGS, "Convert a value with a factor."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef units_module = {
    PyModuleDef_HEAD_INIT,
    "units",
    "Length units.",
    -1,
    units_methods,
};

PyMODINIT_FUNC
PyInit_units(void)
{
    PyObject *m = PyModule_Create(&units_module);
    if (m == NULL)
        return NULL;

    if (units_setup(m) < 0)
        return NULL;

    UnitError = PyErr_NewException("units.UnitError", PyExc_ValueError, NULL);
    if (UnitError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(UnitError);
    if (PyModule_AddObject(m, "UnitError", UnitError) < 0) {
        Py_DECREF(UnitError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
