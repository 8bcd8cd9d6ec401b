#include <Python.h>

/* Some kernels report the timer slack themselves; elsewhere the module remembers the last one set. */
#ifndef SLACK_FROM_KERNEL
#define SLACK_FROM_KERNEL 0
static long slack_ns = 50000;   /* what a fresh process starts with */
#endif

static PyObject *SlackError;

static PyObject *
slack_set(PyObject *self, PyObject *arg)
{
    long ns = PyLong_AsLong(arg);

    if (ns == -1 && PyErr_Occurred())
        return NULL;
    if (ns <= 0) {
        PyErr_SetString(SlackError, "the slack must be positive");
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

static struct PyModuleDef slack_def = {
    PyModuleDef_HEAD_INIT, "slack", NULL, -1, slack_methods
};

PyMODINIT_FUNC
PyInit_slack(void)
{
    PyObject *m = PyModule_Create(&slack_def);

    if (m == NULL)
        return NULL;
    SlackError = PyErr_NewException("slack.SlackError", PyExc_ValueError, NULL);
    if (SlackError == NULL)
        return NULL;
    Py_INCREF(SlackError);
    if (PyModule_AddObject(m, "SlackError", SlackError) < 0) {
        Py_DECREF(SlackError);
        return NULL;
    }
    return m;
}
