/* The init function hands its module to a setup function in another file, which (like its own
 * helper) releases the module on its error path so that the init can simply return NULL. */
#include <Python.h>
#include "units.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *UnitError; /* was: static PyObject *UnitError */
} units_state;

static inline units_state *
get_units_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (units_state *)state;
}

static int
units_traverse(PyObject *module, visitproc visit, void *arg)
{
    units_state *st = get_units_state(module);
    Py_VISIT(st->UnitError);
    return 0;
}

static int
units_clear(PyObject *module)
{
    units_state *st = get_units_state(module);
    Py_CLEAR(st->UnitError);
    return 0;
}

static void
units_free(void *module)
{
    (void)units_clear((PyObject *)module);
}

static PyObject *
units_to_metres(PyObject *self, PyObject *args)
{
    double value, factor;

    if (!PyArg_ParseTuple(args, "dd", &value, &factor))
        return NULL;
    if (factor <= 0.0) {
        units_state *st = get_units_state(self);
        PyErr_SetString(st->UnitError, "conversion factor must be positive");
        return NULL;
    }
    return PyFloat_FromDouble(value * factor);
}

static PyMethodDef units_methods[] = {
    {"to_metres", units_to_metres, METH_VARARGS, "Convert a value with a factor."},
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

static struct PyModuleDef units_module = {
    PyModuleDef_HEAD_INIT,
    "units",
    "Length units.",
    sizeof(units_state),
    units_methods,
    units_slots,
    units_traverse,
    units_clear,
    units_free,
};

static int
units_exec(PyObject *m)
{
    units_state *st = get_units_state(m);

    if (units_setup(m) < 0)
        return -1;

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
    return PyModuleDef_Init(&units_module);
}
