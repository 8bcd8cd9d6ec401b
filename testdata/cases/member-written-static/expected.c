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

static int mwmod_exec(PyObject *module);

static PyModuleDef_Slot mwmod_slots[] = {
    {Py_mod_exec, (void *)mwmod_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef mw_module = {
    PyModuleDef_HEAD_INIT, "mwmod", NULL, 0, mw_methods,
    mwmod_slots
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module
 * loads once per process. */
static int mwmod_loaded_once = 0;

static int
mwmod_exec(PyObject *Py_UNUSED(module))
{
    if (mwmod_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "mwmod cannot be loaded more than once per process");
        return -1;
    }
    mwmod_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_mwmod(void)
{
    return PyModuleDef_Init(&mw_module);
}
