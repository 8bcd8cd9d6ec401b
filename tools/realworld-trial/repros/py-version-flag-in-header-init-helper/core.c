#include "flag.h"

static PyObject *CoreError;

static PyObject *
core_fail(PyObject *self, PyObject *args)
{
    PyErr_SetString(CoreError, "failed");
    return NULL;
}

static PyMethodDef core_methods[] = {
    {"fail", core_fail, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

#ifdef MYMOD_PYTHON3
static PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT, "core", NULL, -1, core_methods
};
#endif

static PyObject *
init_core_module(void)
{
    PyObject *m;
#ifdef MYMOD_PYTHON3
    m = PyModule_Create(&core_module);
#else
    m = Py_InitModule("core", core_methods);
#endif
    if (m == NULL)
        return NULL;
    CoreError = PyErr_NewException("core.CoreError", NULL, NULL);
    if (CoreError == NULL)
        return NULL;
    Py_INCREF(CoreError);
    PyModule_AddObject(m, "CoreError", CoreError);
    return m;
}

#ifdef MYMOD_PYTHON3
PyMODINIT_FUNC
PyInit_core(void)
{
    return init_core_module();
}
#else
PyMODINIT_FUNC
initcore(void)
{
    init_core_module();
}
#endif
