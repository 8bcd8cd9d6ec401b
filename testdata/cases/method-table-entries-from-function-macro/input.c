/* A method table whose entries a function-like macro writes, pasting each function's name and its
 * docstring's from the Python name (as CPython's old socket-style modules do). The functions keep a
 * module-wide counter and default: as module methods they reach the state from their module. */
#include <Python.h>

static long calls;
static double default_step = 1.0;

PyDoc_STRVAR(meter_tick_doc, "tick() -> count: count a call.");
static PyObject *
meter_tick(PyObject *self, PyObject *unused)
{
    calls++;
    return PyLong_FromLong(calls);
}

PyDoc_STRVAR(meter_step_doc, "step([value]) -> float: the step, set when given.");
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

#define METER_METHOD(name, flags) { #name, (PyCFunction)meter_ ## name, flags, meter_ ## name ## _doc }

static PyMethodDef meter_methods[] = {
    METER_METHOD(tick, METH_NOARGS),
    METER_METHOD(step, METH_VARARGS),
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef meter_module = {
    PyModuleDef_HEAD_INIT,
    "meter",
    "Counts calls.",
    -1,
    meter_methods,
};

PyMODINIT_FUNC
PyInit_meter(void)
{
    return PyModule_Create(&meter_module);
}
