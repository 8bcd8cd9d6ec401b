/*
 * units: one float subclass per unit of measure. Each is defined by a macro that pastes its
 * name together and ends with the initializer's "};", so its uses carry no semicolon of their
 * own; init readies them through a helper that sets the base.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyFloatObject base;
} UnitObject;

#define UNIT_TYPE(u) \
    static PyTypeObject Unit_##u##_Type = { \
        PyVarObject_HEAD_INIT(NULL, 0) \
        "units." #u, \
        sizeof(UnitObject), \
    };

static PyObject *units_symbol(PyObject *module, PyObject *obj);

static PyMethodDef units_methods[] = {
    {"symbol", units_symbol, METH_O, "The symbol of a quantity's unit."},
    {NULL, NULL, 0, NULL}
};

UNIT_TYPE(Meter);
UNIT_TYPE(Second)
#ifndef UNITS_NO_MASS
UNIT_TYPE(Kilogram)
#endif
UNIT_TYPE(Kelvin)

static int units_exec(PyObject *m);

static PyModuleDef_Slot units_slots[] = {
    {Py_mod_exec, (void *)units_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef units_module = {
    PyModuleDef_HEAD_INIT, "units", NULL, 0, units_methods,
    units_slots
};

static PyObject *
units_symbol(PyObject *module, PyObject *obj)
{
    if (PyObject_TypeCheck(obj, &Unit_Meter_Type))
        return PyUnicode_FromString("m");
    if (PyObject_TypeCheck(obj, &Unit_Second_Type))
        return PyUnicode_FromString("s");
    return PyUnicode_FromString("");
}

static int
ready_unit(PyObject *m, PyTypeObject *type, const char *name)
{
    type->tp_base = &PyFloat_Type;
    type->tp_flags = Py_TPFLAGS_DEFAULT;
    if (PyType_Ready(type) < 0)
        return -1;
    Py_INCREF(type);
    if (PyModule_AddObject(m, name, (PyObject *)type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return 0;
}

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int units_loaded_once = 0;

static int
units_exec(PyObject *m)
{

    if (units_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "units cannot be loaded more than once per process");
        return -1;
    }
    if (ready_unit(m, &Unit_Meter_Type, "Meter") < 0 ||
        ready_unit(m, &Unit_Second_Type, "Second") < 0 ||
#ifndef UNITS_NO_MASS
        ready_unit(m, &Unit_Kilogram_Type, "Kilogram") < 0 ||
#endif
        ready_unit(m, &Unit_Kelvin_Type, "Kelvin") < 0)
        return -1;
    units_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_units(void)
{
    return PyModuleDef_Init(&units_module);
}
