/* A function that only a token-pasting macro names (`METER_FN(step)` for `meter_step`) and that uses a
 * Python object global: given the state as a new first parameter, the call the macro makes would not
 * pass it (the build breaks), so the global stays, with a finding that names the macro. */
#include <Python.h>

static PyObject *last_value = NULL;

#define METER_FN(name) meter_ ## name

static PyObject *
meter_step(PyObject *self, PyObject *args)
{
    PyObject *v = NULL;
    if (!PyArg_ParseTuple(args, "|O", &v))
        return NULL;
    if (v != NULL) {
        Py_INCREF(v);
        Py_XSETREF(last_value, v);
    }
    Py_INCREF(last_value);
    return last_value;
}

static PyObject *
meter_setting(PyObject *self, PyObject *args)
{
    return METER_FN(step)(self, args);
}

static PyMethodDef meter_methods[] = {
    {"setting", meter_setting, METH_VARARGS, "The last value, set when given."},
    {NULL, NULL, 0, NULL}
};

static int meter_exec(PyObject *m);

static PyModuleDef_Slot meter_slots[] = {
    {Py_mod_exec, (void *)meter_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef meter_module = {
    PyModuleDef_HEAD_INIT, "meter", NULL, 0, meter_methods,
    meter_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per process. */
static int meter_loaded_once = 0;

static int
meter_exec(PyObject *Py_UNUSED(m))
{
    if (meter_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "meter cannot be loaded more than once per process");
        return -1;
    }
    last_value = Py_None;
    Py_INCREF(last_value);
    meter_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_meter(void)
{
    return PyModuleDef_Init(&meter_module);
}
