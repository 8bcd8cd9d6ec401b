/* A counter module whose init picks its name, and opens its body, inside a Python-version #if:
 * each branch ends with the `{`. No supported version compiles the Python 2 branch. */
#include <Python.h>

static PyObject *TallyOverflow;
static long tally_limit = 3;

static PyObject *
tally_check(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n > tally_limit) {
        PyErr_Format(TallyOverflow, "%ld is over the limit", n);
        return NULL;
    }
    return PyLong_FromLong(tally_limit - n);
}

static PyMethodDef tally_methods[] = {
    {"check", tally_check, METH_O, "how many are left below the limit"},
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT,
    "tally",
    "counts up to a limit",
    -1,
    tally_methods
};
#endif

PyMODINIT_FUNC
#if PY_MAJOR_VERSION >= 3
PyInit_tally(void) {
#else
inittally(void) {
#endif
    PyObject *m;

#if PY_MAJOR_VERSION >= 3
    m = PyModule_Create(&tally_module);
#else
    m = Py_InitModule3("tally", tally_methods, "counts up to a limit");
#endif
    if (m == NULL)
        return NULL;
    TallyOverflow = PyErr_NewException("tally.Overflow", PyExc_ValueError, NULL);
    if (TallyOverflow == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(TallyOverflow);
    if (PyModule_AddObject(m, "Overflow", TallyOverflow) < 0) {
        Py_DECREF(TallyOverflow);
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "LIMIT", tally_limit) < 0) {
        Py_DECREF(m);
        return NULL;
    }
#if PY_MAJOR_VERSION >= 3
    return m;
#endif
}
