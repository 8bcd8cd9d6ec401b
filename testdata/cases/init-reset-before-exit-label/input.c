/*
 * tundev: constants and an exception of a device library, set up by an init
 * function that jumps to an error label, resets its module variable there and
 * returns it at a shared exit label.
 */
#include <Python.h>

static PyObject *tundev_error = NULL;

static PyObject *
tundev_fail(PyObject *self, PyObject *arg)
{
    PyErr_SetObject(tundev_error, arg);
    return NULL;
}

static PyMethodDef tundev_methods[] = {
    {"fail", tundev_fail, METH_O, "fail(msg): raise tundev.Error(msg)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tundev_module = {
    PyModuleDef_HEAD_INIT,
    "tundev",
    NULL,
    -1,
    tundev_methods
};

PyMODINIT_FUNC
PyInit_tundev(void)
{
    PyObject *m;

    m = PyModule_Create(&tundev_module);
    if (m == NULL)
    {
        goto error;
    }
    tundev_error = PyErr_NewException("tundev.Error", PyExc_OSError, NULL);
    if (tundev_error == NULL)
    {
        goto error;
    }
    Py_INCREF(tundev_error);
    if (PyModule_AddObject(m, "Error", tundev_error) != 0)
    {
        Py_DECREF(tundev_error);
        goto error;
    }
    if (PyModule_AddIntConstant(m, "MODE_TUN", 1) != 0)
    {
        goto error;
    }
    if (PyModule_AddIntConstant(m, "MODE_TAP", 2) != 0)
    {
        goto error;
    }
    goto out;

error:
    Py_XDECREF(tundev_error);
    Py_XDECREF(m);
    tundev_error = NULL;
    m = NULL;

out:
    return m;
}
