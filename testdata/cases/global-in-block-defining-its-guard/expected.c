#include <Python.h>

/* Some kernels report the timer slack themselves; elsewhere the module remembers the last one set. */
#ifndef SLACK_FROM_KERNEL
#define SLACK_FROM_KERNEL 0
static long slack_ns = 50000;   /* what a fresh process starts with */
#endif

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *SlackError; /* was: static PyObject *SlackError */
} slack_state;

static inline slack_state *
get_slack_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (slack_state *)state;
}

static int
slack_traverse(PyObject *module, visitproc visit, void *arg)
{
    slack_state *st = get_slack_state(module);
    Py_VISIT(st->SlackError);
    return 0;
}

static int
slack_clear(PyObject *module)
{
    slack_state *st = get_slack_state(module);
    Py_CLEAR(st->SlackError);
    return 0;
}

static void
slack_free(void *module)
{
    (void)slack_clear((PyObject *)module);
}

static PyObject *
slack_set(PyObject *self, PyObject *arg)
{
    long ns = PyLong_AsLong(arg);

    if (ns == -1 && PyErr_Occurred())
        return NULL;
    if (ns <= 0) {
        slack_state *st = get_slack_state(self);
        PyErr_SetString(st->SlackError, "the slack must be positive");
        return NULL;
    }
#if !SLACK_FROM_KERNEL
    slack_ns = ns;
#endif
    Py_RETURN_NONE;
}

static PyObject *
slack_get(PyObject *self, PyObject *noargs)
{
#if !SLACK_FROM_KERNEL
    return PyLong_FromLong(slack_ns);
#else
    return PyLong_FromLong(SLACK_FROM_KERNEL);
#endif
}

static PyMethodDef slack_methods[] = {
    {"set", slack_set, METH_O, "Remember a timer slack in nanoseconds."},
    {"get", slack_get, METH_NOARGS, "The timer slack in nanoseconds."},
    {NULL, NULL, 0, NULL}
};

static int slack_exec(PyObject *m);

static PyModuleDef_Slot slack_slots[] = {
    {Py_mod_exec, (void *)slack_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef slack_def = {
    PyModuleDef_HEAD_INIT, "slack", NULL, sizeof(slack_state), slack_methods,
    slack_slots,
    slack_traverse,
    slack_clear,
    slack_free
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module
 * loads once per process. */
static int slack_loaded_once = 0;

static int
slack_exec(PyObject *m)
{
    slack_state *st = get_slack_state(m);

    if (slack_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "slack cannot be loaded more than once per process");
        return -1;
    }
    st->SlackError = PyErr_NewException("slack.SlackError", PyExc_ValueError, NULL);
    if (st->SlackError == NULL)
        return -1;
    Py_INCREF(st->SlackError);
    if (PyModule_AddObject(m, "SlackError", st->SlackError) < 0) {
        Py_DECREF(st->SlackError);
        return -1;
    }
    slack_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_slack(void)
{
    return PyModuleDef_Init(&slack_def);
}
