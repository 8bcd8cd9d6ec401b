/* The module object kept in a global, read by a module function (whose self is that module). */
#include <Python.h>

static PyObject *module;

static PyObject *
twice_double(PyObject *self, PyObject *arg)
{
    return PyNumber_Add(arg, arg);
}

static PyObject *
twice_quadruple(PyObject *self, PyObject *arg)
{
    PyObject *two = PyObject_CallMethod(module, "double", "(O)", arg);
    PyObject *four;
    if (two == NULL)
        return NULL;
    four = PyObject_CallMethod(module, "double", "(O)", two);
    Py_DECREF(two);
    return four;
}

static PyMethodDef twice_methods[] = {
    {"double", twice_double, METH_O, NULL},
    {"quadruple", twice_quadruple, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef twicemodule = {
    PyModuleDef_HEAD_INIT, "twice", NULL, -1, twice_methods
};

PyMODINIT_FUNC
PyInit_twice(void)
{
    module = PyModule_Create(&twicemodule);
    return module;
}
