#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "daycalc.h"

static PyObject *EpochError = NULL;

static PyObject *
daystamp_split(PyObject *self, PyObject *arg)
{
    struct day_parts parts;
    long days = PyLong_AsLong(arg);

    if (days == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (days < -719468) {
        PyErr_SetString(EpochError, "before the year 0");
        return NULL;
    }
    daycalc_split_r(days, &parts);
    return Py_BuildValue("(lii)", parts.year, parts.month, parts.day);
}

static PyObject *
daystamp_join(PyObject *self, PyObject *args)
{
    struct day_parts parts;

    if (!PyArg_ParseTuple(args, "lii:join", &parts.year, &parts.month, &parts.day)) {
        return NULL;
    }
    return PyLong_FromLong(daycalc_join(&parts));
}

static PyMethodDef daystamp_methods[] = {
    {"split", daystamp_split, METH_O, "Days since 1970-01-01 to (year, month, day)."},
    {"join", daystamp_join, METH_VARARGS, "(year, month, day) to days since 1970-01-01."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef daystamp_module = {
    PyModuleDef_HEAD_INIT,
    "daystamp",
    "Civil dates as day numbers.",
    -1,
    daystamp_methods
};

PyMODINIT_FUNC
PyInit_daystamp(void)
{
    PyObject *m = PyModule_Create(&daystamp_module);
    if (m == NULL) {
        return NULL;
    }
    EpochError = PyErr_NewException("daystamp.EpochError", PyExc_ValueError, NULL);
    if (EpochError == NULL || PyModule_AddObject(m, "EpochError", EpochError) < 0) {
        Py_XDECREF(EpochError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(EpochError);
    return m;
}
