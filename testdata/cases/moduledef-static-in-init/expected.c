/*
 * stopwatch: a tiny timer module whose PyModuleDef is a static of the init function itself,
 * inside the Python 3 branch of a 2/3 #if (the layout of profilers and LDAP bindings that once
 * built for both).
 */
#include <Python.h>
#include <time.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *StopwatchError; /* was: static PyObject *StopwatchError */
} stopwatch_state;

static inline stopwatch_state *
get_stopwatch_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (stopwatch_state *)state;
}

static int
stopwatch_traverse(PyObject *module, visitproc visit, void *arg)
{
    stopwatch_state *st = get_stopwatch_state(module);
    Py_VISIT(st->StopwatchError);
    return 0;
}

static int
stopwatch_clear(PyObject *module)
{
    stopwatch_state *st = get_stopwatch_state(module);
    Py_CLEAR(st->StopwatchError);
    return 0;
}

static void
stopwatch_free(void *module)
{
    (void)stopwatch_clear((PyObject *)module);
}

static PyObject *
stopwatch_now(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        stopwatch_state *st = get_stopwatch_state(module);
        PyErr_SetString(st->StopwatchError, "no monotonic clock");
        return NULL;
    }
    return PyFloat_FromDouble((double)ts.tv_sec + ts.tv_nsec * 1e-9);
}

static PyObject *
stopwatch_fail(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    stopwatch_state *st = get_stopwatch_state(module);

    PyErr_SetString(st->StopwatchError, "stopped");
    return NULL;
}

static PyMethodDef stopwatch_methods[] = {
    {"now", stopwatch_now, METH_NOARGS, "seconds on the monotonic clock"},
    {"fail", stopwatch_fail, METH_NOARGS, "raise stopwatch.Error"},
    {NULL, NULL, 0, NULL}
};

static int stopwatch_exec(PyObject *m);

static PyModuleDef_Slot stopwatch_slots[] = {
    {Py_mod_exec, (void *)stopwatch_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef stopwatch_module = {
    PyModuleDef_HEAD_INIT, "stopwatch", "A monotonic stopwatch.", sizeof(stopwatch_state), stopwatch_methods,
    stopwatch_slots,
    stopwatch_traverse,
    stopwatch_clear,
    stopwatch_free
};

static int
stopwatch_exec(PyObject *m)
{
    stopwatch_state *st = get_stopwatch_state(m);

#if PY_MAJOR_VERSION >= 3
#else
    m = Py_InitModule3("stopwatch", stopwatch_methods, "A monotonic stopwatch.");
#endif
    st->StopwatchError = PyErr_NewException("stopwatch.Error", NULL, NULL);
    if (st->StopwatchError == NULL)
        return -1;
    Py_INCREF(st->StopwatchError);
    if (PyModule_AddObject(m, "Error", st->StopwatchError) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_stopwatch(void)
{
    return PyModuleDef_Init(&stopwatch_module);
}
