/* units: length conversion. The helpers and the unit table live in table.c. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "units.h"

static PyObject *
units_convert(PyObject *module, PyObject *args)
{
    double value;
    const char *from, *to;
    PyObject *a, *b;
    double result;

    if (!PyArg_ParseTuple(args, "dss", &value, &from, &to))
        return NULL;
    a = unit_lookup(from);
    if (a == NULL)
        return NULL;
    b = unit_lookup(to);
    if (b == NULL) {
        Py_DECREF(a);
        return NULL;
    }
    result = unit_convert(value, a, b);
    Py_DECREF(a);
    Py_DECREF(b);
    return PyFloat_FromDouble(result);
}

static PyObject *
units_known(PyObject *module, PyObject *arg)
{
    PyObject *scale;
    const char *name = PyUnicode_AsUTF8(arg);

    if (name == NULL)
        return NULL;
    scale = unit_lookup(name);
    if (scale == NULL) {
        if (!PyErr_ExceptionMatches(UnitError))
            return NULL;
        PyErr_Clear();
        Py_RETURN_FALSE;
    }
    Py_DECREF(scale);
    Py_RETURN_TRUE;
}

static PyMethodDef units_methods[] = {
    {"convert", units_convert, METH_VARARGS, "convert(value, from, to) -> float"},
    {"known", units_known, METH_O, "known(name) -> bool"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef unitsmodule = {
    PyModuleDef_HEAD_INIT, "units", "Length conversion.", -1, units_methods
};

PyMODINIT_FUNC
PyInit_units(void)
{
    PyObject *m = PyModule_Create(&unitsmodule);
    if (m == NULL)
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
