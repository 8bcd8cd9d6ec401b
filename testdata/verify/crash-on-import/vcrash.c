/* verify fixture: the exec slot dereferences NULL, so importing segfaults (it claims own-GIL
   support, so an isolated subinterpreter runs the exec slot too and crashes the same way). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static int
vcrash_exec(PyObject *module)
{
    volatile int *volatile p = NULL;
    (void)module;
    return *p;
}

static PyModuleDef_Slot vcrash_slots[] = {
    {Py_mod_exec, vcrash_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef vcrash_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "vcrash",
    .m_size = 0,
    .m_slots = vcrash_slots,
};

PyMODINIT_FUNC
PyInit_vcrash(void)
{
    return PyModuleDef_Init(&vcrash_module);
}
