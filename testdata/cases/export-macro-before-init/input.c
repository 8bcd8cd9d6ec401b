/* The init function carries the project's own visibility macro in front of PyMODINIT_FUNC, as
 * projects built with -fvisibility=hidden write it; a tally exported for other C code to read by
 * name stays a process-wide global, so the converted module loads once per process. */
#include <Python.h>

#if defined(__GNUC__) && __GNUC__ >= 4
#  define TALLY_PUBLIC __attribute__((visibility("default")))
#else
#  define TALLY_PUBLIC
#endif

TALLY_PUBLIC long tally_total = 0;

static PyObject *
tally_add(PyObject *self, PyObject *arg) {
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    tally_total += n;
    return PyLong_FromLong(tally_total);
}

static PyMethodDef tally_methods[] = {
    {"add", tally_add, METH_O, "add n to the process-wide tally and return it"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tally_module = {PyModuleDef_HEAD_INIT, "tally", NULL, -1, tally_methods};

TALLY_PUBLIC PyMODINIT_FUNC PyInit_tally(void) {
    PyObject *m = PyModule_Create(&tally_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "LIMIT", 1000) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
