/* The module keeps a C set of the values it was shown in a global named `seen`; the library's header
 * (not given to the tool) names `seen` too, but only as a member and a parameter. The global moves
 * into the module state. */
#include <Python.h>
#include "vendor/seen.h"

static struct seen_set *seen;

static PyObject *
once_first(PyObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    int added;
    if (v == -1 && PyErr_Occurred())
        return NULL;
    added = seen_add(seen, v);
    if (added < 0)
        return PyErr_NoMemory();
    return PyBool_FromLong(added);
}

static PyObject *
once_count(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(seen->length);
}

static PyMethodDef once_methods[] = {
    {"first", once_first, METH_O, "True the first time a value is shown."},
    {"count", once_count, METH_NOARGS, "How many values were shown."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef once_module = {
    PyModuleDef_HEAD_INIT,
    "once",
    "Tells first sightings of ints.",
    -1,
    once_methods,
};

PyMODINIT_FUNC
PyInit_once(void)
{
    PyObject *m = PyModule_Create(&once_module);
    if (m == NULL)
        return NULL;
    seen = seen_new();
    if (seen == NULL) {
        PyErr_NoMemory();
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
