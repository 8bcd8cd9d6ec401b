/* Already multi-phase and stateless, but it never says it supports a per-interpreter GIL. */
#include <Python.h>

static PyObject *
ms_double(PyObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(2 * v);
}

static PyMethodDef ms_methods[] = {
    {"double", ms_double, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static int
ms_exec(PyObject *m)
{
    return PyModule_AddIntConstant(m, "VERSION", 3);
}

static PyModuleDef_Slot ms_slots[] = {
    {Py_mod_exec, ms_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL}
};

static struct PyModuleDef ms_module = {
    PyModuleDef_HEAD_INIT, "msmod", NULL, 0, ms_methods, ms_slots
};

PyMODINIT_FUNC
PyInit_msmod(void)
{
    return PyModuleDef_Init(&ms_module);
}
