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

static int tally_exec(PyObject *m);

static PyModuleDef_Slot tally_slots[] = {
    {Py_mod_exec, (void *)tally_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tally_module = {PyModuleDef_HEAD_INIT, "tally", NULL, 0, tally_methods, tally_slots};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int tally_loaded_once = 0;

static int tally_exec(PyObject *m) {
    if (tally_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "tally cannot be loaded more than once per process");
        return -1;
    }
    if (PyModule_AddIntConstant(m, "LIMIT", 1000) < 0)
        return -1;
    tally_loaded_once = 1;
    return 0;
}

TALLY_PUBLIC PyMODINIT_FUNC
PyInit_tally(void) {
    return PyModuleDef_Init(&tally_module);
}
