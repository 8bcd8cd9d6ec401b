/* verify fixture: does not compile (an undeclared identifier in the exec function). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static int
vbroken_exec(PyObject *module)
{
    return PyModule_AddIntConstant(module, "answer", undeclared_answer);
}

static PyModuleDef_Slot vbroken_slots[] = {
    {Py_mod_exec, vbroken_exec},
    {0, NULL},
};

static struct PyModuleDef vbroken_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "vbroken",
    .m_size = 0,
    .m_slots = vbroken_slots,
};

PyMODINIT_FUNC
PyInit_vbroken(void)
{
    return PyModuleDef_Init(&vbroken_module);
}
