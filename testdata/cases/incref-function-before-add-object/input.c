/* Two exceptions kept in globals, each given the global's own reference before PyModule_AddObject
 * steals the creation's: one with the Py_INCREF macro, one with its function form Py_IncRef (as code
 * that may build for the limited API writes it). Either way the state keeps exactly one reference. */
#include <Python.h>

static PyObject *SyntaxFault;
static PyObject *LimitFault;

static PyObject *
parse(PyObject *self, PyObject *arg)
{
    Py_ssize_t n = PyObject_Length(arg);
    if (n < 0)
        return NULL;
    if (n == 0) {
        PyErr_SetString(SyntaxFault, "empty input");
        return NULL;
    }
    if (n > 8) {
        PyErr_SetString(LimitFault, "input too long");
        return NULL;
    }
    return PyLong_FromSsize_t(n);
}

static PyMethodDef parsers_methods[] = {
    {"parse", parse, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef parsers_module = {
    PyModuleDef_HEAD_INIT, "parsers", NULL, -1, parsers_methods
};

PyMODINIT_FUNC
PyInit_parsers(void)
{
    PyObject *m = PyModule_Create(&parsers_module);
    if (m == NULL)
        return NULL;
    SyntaxFault = PyErr_NewException("parsers.SyntaxFault", NULL, NULL);
    if (SyntaxFault == NULL)
        goto error;
    Py_INCREF(SyntaxFault);
    if (PyModule_AddObject(m, "SyntaxFault", SyntaxFault) < 0) {
        Py_DECREF(SyntaxFault);
        goto error;
    }
    LimitFault = PyErr_NewException("parsers.LimitFault", NULL, NULL);
    if (LimitFault == NULL)
        goto error;
    Py_IncRef(LimitFault);
    if (PyModule_AddObject(m, "LimitFault", LimitFault) < 0) {
        Py_DECREF(LimitFault);
        goto error;
    }
    return m;

error:
    Py_DECREF(m);
    return NULL;
}
