/* A function that only a token-pasting macro names (`METER_FN(step)` for `meter_step`): no call and no
 * table entry of it can be seen. It writes a module-wide setting; given the state as a new first
 * parameter, the call the macro makes would not pass it, so the setting stays (a finding). */
#include <Python.h>

static double default_step = 1.0;

#define METER_FN(name) meter_ ## name

static PyObject *
meter_step(PyObject *self, PyObject *args)
{
    double v = -1.0;
    if (!PyArg_ParseTuple(args, "|d", &v))
        return NULL;
    if (v > 0.0)
        default_step = v;
    return PyFloat_FromDouble(default_step);
}

static PyObject *
meter_setting(PyObject *self, PyObject *args)
{
    return METER_FN(step)(self, args);
}

static PyMethodDef meter_methods[] = {
    {"setting", meter_setting, METH_VARARGS, "The step, set when given."},
    {NULL, NULL, 0, NULL}
};

static int meter_exec(PyObject *module);

static PyModuleDef_Slot meter_slots[] = {
    {Py_mod_exec, (void *)meter_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef meter_module = {
    PyModuleDef_HEAD_INIT,
    "meter",
    "A setting behind a pasted name.",
    0,
    meter_methods,
    meter_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int meter_loaded_once = 0;

static int
meter_exec(PyObject *Py_UNUSED(module))
{
    if (meter_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "meter cannot be loaded more than once per process");
        return -1;
    }
    meter_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_meter(void)
{
    return PyModuleDef_Init(&meter_module);
}
