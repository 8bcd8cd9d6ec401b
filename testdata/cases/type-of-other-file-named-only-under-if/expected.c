/* A module whose optional type is defined in another file and named by the init only when the
   build enables it: nothing readies it, and a build without the feature does not compile that file. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef OPTMOD_WITH_EXTRA
extern PyTypeObject Extra_Type;
#endif

static PyObject *optmod_answer(PyObject *self, PyObject *args)
{
    return PyLong_FromLong(42);
}

static PyMethodDef optmod_methods[] = {
    {"answer", optmod_answer, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int optmod_exec(PyObject *m);

static PyModuleDef_Slot optmod_slots[] = {
    {Py_mod_exec, (void *)optmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef optmod_module = {
    PyModuleDef_HEAD_INIT, "optmod", NULL, 0, optmod_methods,
    optmod_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int optmod_loaded_once = 0;

static int optmod_exec(PyObject *m)
{
    if (optmod_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "optmod cannot be loaded more than once per process");
        return -1;
    }
    if (PyModule_AddIntConstant(m, "VERSION", 1) < 0)
        return -1;
#ifdef OPTMOD_WITH_EXTRA
    Py_INCREF(&Extra_Type);
    if (PyModule_AddObject(m, "Extra", (PyObject *)&Extra_Type) < 0)
        return -1;
#endif
    optmod_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC PyInit_optmod(void)
{
    return PyModuleDef_Init(&optmod_module);
}
