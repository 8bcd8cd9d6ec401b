/* The module's one translation unit: the type lives in an #included .c file. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "counter_type.c"

static PyObject *
make_counter(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyObject_CallNoArgs((PyObject *)&CounterType);
}

static PyMethodDef onetu_methods[] = {
    {"make_counter", make_counter, METH_NOARGS, "A new Counter."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef onetu_module = {
    PyModuleDef_HEAD_INIT, "onetu", NULL, -1, onetu_methods,
};

PyMODINIT_FUNC
PyInit_onetu(void)
{
    PyObject *m;

    if (PyType_Ready(&CounterType) < 0)
        return NULL;
    m = PyModule_Create(&onetu_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
