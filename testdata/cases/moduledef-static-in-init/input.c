/*
 * stopwatch: a tiny timer module whose PyModuleDef is a static of the init function itself,
 * inside the Python 3 branch of a 2/3 #if (the layout of profilers and LDAP bindings that once
 * built for both).
 */
#include <Python.h>
#include <time.h>

static PyObject *StopwatchError;

static PyObject *
stopwatch_now(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        PyErr_SetString(StopwatchError, "no monotonic clock");
        return NULL;
    }
    return PyFloat_FromDouble((double)ts.tv_sec + ts.tv_nsec * 1e-9);
}

static PyObject *
stopwatch_fail(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyErr_SetString(StopwatchError, "stopped");
    return NULL;
}

static PyMethodDef stopwatch_methods[] = {
    {"now", stopwatch_now, METH_NOARGS, "seconds on the monotonic clock"},
    {"fail", stopwatch_fail, METH_NOARGS, "raise stopwatch.Error"},
    {NULL, NULL, 0, NULL}
};

PyMODINIT_FUNC
PyInit_stopwatch(void)
{
    PyObject *m;
#if PY_MAJOR_VERSION >= 3
    static struct PyModuleDef stopwatch_module = {
        PyModuleDef_HEAD_INIT,
        "stopwatch",                        /* m_name */
        "A monotonic stopwatch.",           /* m_doc */
        -1,                                 /* m_size */
        stopwatch_methods,                  /* m_methods */
    };
    m = PyModule_Create(&stopwatch_module);
#else
    m = Py_InitModule3("stopwatch", stopwatch_methods, "A monotonic stopwatch.");
#endif
    if (m == NULL)
        return NULL;
    StopwatchError = PyErr_NewException("stopwatch.Error", NULL, NULL);
    if (StopwatchError == NULL)
        return NULL;
    Py_INCREF(StopwatchError);
    if (PyModule_AddObject(m, "Error", StopwatchError) < 0)
        return NULL;
    return m;
}
