/* A method table whose entries a function-like macro writes, pasting each function's name and its
 * docstring's from the Python name (as CPython's old socket-style modules do). The functions keep a
 * module-wide counter and default: as module methods they reach the state from their module. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    long calls;          /* was: static long calls */
    double default_step; /* was: static double default_step */
} meter_state;

static inline meter_state *
get_meter_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (meter_state *)state;
}

PyDoc_STRVAR(meter_tick_doc, "tick() -> count: count a call.");
static PyObject *
meter_tick(PyObject *self, PyObject *unused)
{
    meter_state *st = get_meter_state(self);
    st->calls++;
    return PyLong_FromLong(st->calls);
}

PyDoc_STRVAR(meter_step_doc, "step([value]) -> float: the step, set when given.");
static PyObject *
meter_step(PyObject *self, PyObject *args)
{
    meter_state *st = get_meter_state(self);
    double v = -1.0;
    if (!PyArg_ParseTuple(args, "|d", &v))
        return NULL;
    if (v > 0.0)
        st->default_step = v;
    return PyFloat_FromDouble(st->default_step);
}

#define METER_METHOD(name, flags) { #name, (PyCFunction)meter_ ## name, flags, meter_ ## name ## _doc }

static PyMethodDef meter_methods[] = {
    METER_METHOD(tick, METH_NOARGS),
    METER_METHOD(step, METH_VARARGS),
    {NULL, NULL, 0, NULL}
};

static int meter_exec(PyObject *module);

static PyModuleDef_Slot meter_slots[] = {
    {Py_mod_exec, (void *)meter_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef meter_module = {
    PyModuleDef_HEAD_INIT,
    "meter",
    "Counts calls.",
    sizeof(meter_state),
    meter_methods,
    meter_slots,
};

static int
meter_exec(PyObject *module)
{
    meter_state *st = get_meter_state(module);
    st->default_step = 1.0;
    return 0;
}

PyMODINIT_FUNC
PyInit_meter(void)
{
    return PyModuleDef_Init(&meter_module);
}
