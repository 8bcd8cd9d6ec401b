/* pinger: the module def's fields are chosen by Python-version tests inside its initializer, one
 * written with PY_MINOR_VERSION alone (the minor of a Python 3), one with PY_VERSION_HEX. */
#include <Python.h>

static PyObject *PingError;

static PyObject *
pinger_ping(PyObject *self, PyObject *arg)
{
    if (arg == Py_None) {
        PyErr_SetString(PingError, "nothing to ping");
        return NULL;
    }
    return PyUnicode_FromString("pong");
}

static PyMethodDef pinger_methods[] = {
    {"ping", pinger_ping, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef pinger_module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "pinger",
#if PY_VERSION_HEX >= 0x03030000
    .m_doc = "Answers pings.",
#endif
    .m_size = -1,
    .m_methods = pinger_methods,
#if PY_MINOR_VERSION <= 4
    .m_reload = NULL,
#else
    .m_slots = NULL,
#endif
};

PyMODINIT_FUNC
PyInit_pinger(void)
{
    PyObject *m = PyModule_Create(&pinger_module);
    if (m == NULL)
        return NULL;
    PingError = PyErr_NewException("pinger.PingError", NULL, NULL);
    if (PingError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(PingError);
    if (PyModule_AddObject(m, "PingError", PingError) < 0) {
        Py_DECREF(PingError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
