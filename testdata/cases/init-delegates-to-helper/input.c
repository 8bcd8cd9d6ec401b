/* PyInit returns what a helper built, as many projects that once supported Python 2 do. */
#include <Python.h>

static PyObject *HelperError;

static PyObject *
helper_fail(PyObject *self, PyObject *msg)
{
    PyErr_SetObject(HelperError, msg);
    return NULL;
}

static PyMethodDef helper_methods[] = {
    {"fail", helper_fail, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef helper_module = {
    PyModuleDef_HEAD_INIT, "helpermod", NULL, -1, helper_methods
};

static PyObject *
make_module(void)
{
    PyObject *m = PyModule_Create(&helper_module);
    if (m == NULL)
        return NULL;
    HelperError = PyErr_NewException("helpermod.Error", NULL, NULL);
    if (HelperError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(HelperError);
    if (PyModule_AddObject(m, "Error", HelperError) < 0) {
        Py_XDECREF(HelperError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

PyMODINIT_FUNC
PyInit_helpermod(void)
{
    return make_module();
}
