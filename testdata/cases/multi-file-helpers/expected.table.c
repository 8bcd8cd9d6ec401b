/* The unit table: built on first use, looked up by name. */
#include "units.h"
#include "units_state.h"

static int
build_table(units_state *st)
{
    static const struct { const char *name; double scale; } units[] = {
        {"m", 1.0}, {"km", 1000.0}, {"cm", 0.01}, {"mm", 0.001}, {"mi", 1609.344},
    };
    size_t i;

    st->unit_table = PyDict_New();
    if (st->unit_table == NULL)
        return -1;
    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        PyObject *scale = PyFloat_FromDouble(units[i].scale);
        if (scale == NULL || PyDict_SetItemString(st->unit_table, units[i].name, scale) < 0) {
            Py_XDECREF(scale);
            Py_CLEAR(st->unit_table);
            return -1;
        }
        Py_DECREF(scale);
    }
    return 0;
}

PyObject *
unit_lookup(units_state *st, const char *name)
{
    PyObject *scale;

    if (st->unit_table == NULL && build_table(st) < 0)
        return NULL;
    scale = PyDict_GetItemString(st->unit_table, name);
    if (scale == NULL) {
        PyErr_Format(st->UnitError, "unknown unit: %s", name);
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
