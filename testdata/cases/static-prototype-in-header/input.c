/* tallies: counters made by a factory function. */
#include "tally.h"
#include "tally.c"

static PyObject *
tallies_tally(PyObject *module, PyObject *arg)
{
    long start = PyLong_AsLong(arg);
    if (start == -1 && PyErr_Occurred())
        return NULL;
    return tally_create(start);
}

static PyMethodDef tallies_methods[] = {
    {"tally", tallies_tally, METH_O, "tally(start) -> a new Tally"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tallies_module = {
    PyModuleDef_HEAD_INIT, "tallies", NULL, -1, tallies_methods
};

PyMODINIT_FUNC
PyInit_tallies(void)
{
    PyObject *m;
    if (PyType_Ready(&tally_type) < 0)
        return NULL;
    m = PyModule_Create(&tallies_module);
    return m;
}
