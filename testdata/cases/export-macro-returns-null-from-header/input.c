#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "exportlib.h"

static PyObject *
exporter_hello(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromString("hello");
}

static PyMethodDef exporter_methods[] = {
    {"hello", exporter_hello, METH_NOARGS, "Say hello."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef exporter_module = {
    PyModuleDef_HEAD_INIT, "exporter", NULL, -1, exporter_methods,
};

PyMODINIT_FUNC
PyInit_exporter(void)
{
    PyObject *m, *d;

    m = PyModule_Create(&exporter_module);
    if (m == NULL) {
        return NULL;
    }
    d = PyModule_GetDict(m);
    EXPORT_VALUE(d, "answer", PyLong_FromLong(42));
    EXPORT_VALUE(d, "name", PyUnicode_FromString("exporter"));
    return m;
}
