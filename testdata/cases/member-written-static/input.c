/* Counters kept in a static struct and written through its members: per-process data races. */
#include <Python.h>

static struct {
    long calls;
    long errors;
} stats;

typedef struct { long size; } FreeList;
static FreeList freelist;

static PyObject *
mw_call(PyObject *self, PyObject *arg)
{
    stats.calls += 1;
    if (arg == Py_None) {
        stats.errors++;
        PyErr_SetString(PyExc_ValueError, "None");
        return NULL;
    }
    freelist.size--;
    return PyLong_FromLong(stats.calls);
}

static PyMethodDef mw_methods[] = {
    {"call", mw_call, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef mw_module = {
    PyModuleDef_HEAD_INIT, "mwmod", NULL, -1, mw_methods
};

PyMODINIT_FUNC
PyInit_mwmod(void)
{
    return PyModule_Create(&mw_module);
}
