/* units: length conversion. The helpers and the unit table live in table.c. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "units.h"
#include "units_state.h"

static int
units_traverse(PyObject *module, visitproc visit, void *arg)
{
    units_state *st = get_units_state(module);
    Py_VISIT(st->UnitError);
    Py_VISIT(st->unit_table);
    return 0;
}

static int
units_clear(PyObject *module)
{
    units_state *st = get_units_state(module);
    Py_CLEAR(st->UnitError);
    Py_CLEAR(st->unit_table);
    return 0;
}

static void
units_free(void *module)
{
    (void)units_clear((PyObject *)module);
}

static PyObject *
units_convert(PyObject *module, PyObject *args)
{
    units_state *st = get_units_state(module);
    double value;
    const char *from, *to;
    PyObject *a, *b;
    double result;

    if (!PyArg_ParseTuple(args, "dss", &value, &from, &to))
        return NULL;
    a = unit_lookup(st, from);
    if (a == NULL)
        return NULL;
    b = unit_lookup(st, to);
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
    units_state *st = get_units_state(module);
    PyObject *scale;
    const char *name = PyUnicode_AsUTF8(arg);

    if (name == NULL)
        return NULL;
    scale = unit_lookup(st, name);
    if (scale == NULL) {
        if (!PyErr_ExceptionMatches(st->UnitError))
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

static int units_exec(PyObject *m);

static PyModuleDef_Slot units_slots[] = {
    {Py_mod_exec, (void *)units_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef unitsmodule = {
    PyModuleDef_HEAD_INIT, "units", "Length conversion.", sizeof(units_state), units_methods,
    units_slots,
    units_traverse,
    units_clear,
    units_free
};

static int
units_exec(PyObject *m)
{
    units_state *st = get_units_state(m);

    st->UnitError = PyErr_NewException("units.UnitError", PyExc_ValueError, NULL);
    if (st->UnitError == NULL)
        return -1;
    Py_INCREF(st->UnitError);
    if (PyModule_AddObject(m, "UnitError", st->UnitError) < 0) {
        Py_DECREF(st->UnitError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_units(void)
{
    return PyModuleDef_Init(&unitsmodule);
}
