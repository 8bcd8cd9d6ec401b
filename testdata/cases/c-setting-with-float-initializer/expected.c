/* A module-wide setting that starts at a floating-point value (-1.0: "no timeout"), read and written
 * by module functions, as socket modules keep their default timeout. Per module it needs a state
 * field that exec sets to that value. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    double default_timeout; /* was: static double default_timeout */
} timing_state;

static inline timing_state *
get_timing_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (timing_state *)state;
}

static double backoff = 2.5e-1;

static PyObject *
timing_get(PyObject *self, PyObject *unused)
{
    timing_state *st = get_timing_state(self);
    if (st->default_timeout < 0.0)
        Py_RETURN_NONE;
    return PyFloat_FromDouble(st->default_timeout);
}

static PyObject *
timing_set(PyObject *self, PyObject *arg)
{
    timing_state *st = get_timing_state(self);
    double t;
    if (arg == Py_None) {
        st->default_timeout = -1.0;
        Py_RETURN_NONE;
    }
    t = PyFloat_AsDouble(arg);
    if (t == -1.0 && PyErr_Occurred())
        return NULL;
    if (t < 0.0) {
        PyErr_SetString(PyExc_ValueError, "timeout must be non-negative");
        return NULL;
    }
    st->default_timeout = t;
    Py_RETURN_NONE;
}

static PyObject *
timing_backoff(PyObject *self, PyObject *unused)
{
    return PyFloat_FromDouble(backoff);
}

static PyMethodDef timing_methods[] = {
    {"getdefaulttimeout", timing_get, METH_NOARGS, "The default timeout, or None."},
    {"setdefaulttimeout", timing_set, METH_O, "Set the default timeout (None: none)."},
    {"backoff", timing_backoff, METH_NOARGS, "The retry backoff."},
    {NULL, NULL, 0, NULL}
};

static int timing_exec(PyObject *module);

static PyModuleDef_Slot timing_slots[] = {
    {Py_mod_exec, (void *)timing_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef timing_module = {
    PyModuleDef_HEAD_INIT,
    "timing",
    "A default timeout per module.",
    sizeof(timing_state),
    timing_methods,
    timing_slots,
};

static int
timing_exec(PyObject *module)
{
    timing_state *st = get_timing_state(module);
    st->default_timeout = -1.0;
    return 0;
}

PyMODINIT_FUNC
PyInit_timing(void)
{
    return PyModuleDef_Init(&timing_module);
}
