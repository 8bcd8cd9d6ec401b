/* prefs: connection defaults kept in C globals. Each one is filled by taking a reference first and
 * assigning after (Py_INCREF(Py_None); g = Py_None;), also over the old value in a setter and from
 * a borrowed lookup, so each global owns its object although the value is a constant, an argument
 * or a borrowed reference. */
#include <Python.h>

static PyObject *default_host;  /* None until set */
static PyObject *default_port;  /* None until set */
static PyObject *builtin_len;   /* len() of the builtins */

static PyObject *
prefs_get_host(PyObject *module, PyObject *noargs)
{
    Py_INCREF(default_host);
    return default_host;
}

static PyObject *
prefs_set_host(PyObject *module, PyObject *arg)
{
    Py_INCREF(arg);
    Py_XDECREF(default_host);
    default_host = arg;
    Py_RETURN_NONE;
}

static PyObject *
prefs_get_port(PyObject *module, PyObject *noargs)
{
    Py_INCREF(default_port);
    return default_port;
}

static PyObject *
prefs_length(PyObject *module, PyObject *arg)
{
    return PyObject_CallFunctionObjArgs(builtin_len, arg, NULL);
}

static PyMethodDef prefs_methods[] = {
    {"get_host", prefs_get_host, METH_NOARGS, "The default host, or None."},
    {"set_host", prefs_set_host, METH_O, "Set the default host."},
    {"get_port", prefs_get_port, METH_NOARGS, "The default port, or None."},
    {"length", prefs_length, METH_O, "len() of the argument."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef prefs_module = {
    PyModuleDef_HEAD_INIT, "prefs", "Connection defaults.", -1, prefs_methods
};

PyMODINIT_FUNC
PyInit_prefs(void)
{
    PyObject *m, *len;

    m = PyModule_Create(&prefs_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(Py_None);
    default_host = Py_None;
    Py_INCREF(Py_None);
    default_port = Py_None;
    len = PyDict_GetItemString(PyEval_GetBuiltins(), "len");
    if (len == NULL) {
        PyErr_SetString(PyExc_ImportError, "no len() in the builtins");
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(len);
    builtin_len = len;
    return m;
}
