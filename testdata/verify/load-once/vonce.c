/* A module that keeps process-wide C state on purpose and says so, as pyext-isolate writes it while
   hazards are left for a human: multi-phase init, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED on
   3.12+, and a guard in exec that refuses a second module object in the process. verify must call
   the refused second import and the refused subinterpreter expected, not failures. */
#include <Python.h>

static long calls = 0;

static PyObject *
vonce_bump(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    calls++;
    return PyLong_FromLong(calls);
}

static PyMethodDef vonce_methods[] = {
    {"bump", vonce_bump, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int
vonce_exec(PyObject *module)
{
    /* C globals are left, so load once per process. */
    static int vonce_loaded_once = 0;
    if (vonce_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "vonce cannot be loaded more than once per process");
        return -1;
    }
    vonce_loaded_once = 1;
    return 0;
}

static PyModuleDef_Slot vonce_slots[] = {
    {Py_mod_exec, (void *)vonce_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL}
};

static struct PyModuleDef vonce_module = {
    PyModuleDef_HEAD_INIT, "vonce", NULL, 0, vonce_methods, vonce_slots, NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit_vonce(void)
{
    return PyModuleDef_Init(&vonce_module);
}
