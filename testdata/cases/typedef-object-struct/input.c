/* A singleton kept in a global typed with the object struct's typedef name (no "Object" suffix). */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long size;
} Vec;

static Vec *EMPTY;

static PyObject *
vec_empty(PyObject *self, PyObject *unused)
{
    Py_INCREF(EMPTY);
    return (PyObject *)EMPTY;
}

static PyMethodDef vec_methods[] = {
    {"empty", vec_empty, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef vec_module = {
    PyModuleDef_HEAD_INIT, "vecmod", NULL, -1, vec_methods
};

PyMODINIT_FUNC
PyInit_vecmod(void)
{
    PyObject *m = PyModule_Create(&vec_module);
    if (m == NULL)
        return NULL;
    /* any object will do as the singleton for this case: a list, seen as a Vec */
    EMPTY = (Vec *)PyList_New(0);
    if (EMPTY == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
