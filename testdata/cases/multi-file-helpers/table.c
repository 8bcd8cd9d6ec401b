/* The unit table: built on first use, looked up by name. */
#include "units.h"

/* Raised for unknown units (created by the module's init). */
PyObject *UnitError = NULL;

static PyObject *unit_table = NULL;

static int
build_table(void)
{
    static const struct { const char *name; double scale; } units[] = {
        {"m", 1.0}, {"km", 1000.0}, {"cm", 0.01}, {"mm", 0.001}, {"mi", 1609.344},
    };
    size_t i;

    unit_table = PyDict_New();
    if (unit_table == NULL)
        return -1;
    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        PyObject *scale = PyFloat_FromDouble(units[i].scale);
        if (scale == NULL || PyDict_SetItemString(unit_table, units[i].name, scale) < 0) {
            Py_XDECREF(scale);
            Py_CLEAR(unit_table);
            return -1;
        }
        Py_DECREF(scale);
    }
    return 0;
}

PyObject *
unit_lookup(const char *name)
{
    PyObject *scale;

    if (unit_table == NULL && build_table() < 0)
        return NULL;
    scale = PyDict_GetItemString(unit_table, name);
    if (scale == NULL) {
        PyErr_Format(UnitError, "unknown unit: %s", name);
        return NULL;
    }
    Py_INCREF(scale);
    return scale;
}

double
unit_convert(double value, PyObject *from, PyObject *to)
{
    return value * PyFloat_AsDouble(from) / PyFloat_AsDouble(to);
}
