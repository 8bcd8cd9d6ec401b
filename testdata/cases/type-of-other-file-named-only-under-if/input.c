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

static struct PyModuleDef optmod_module = {
    PyModuleDef_HEAD_INIT, "optmod", NULL, -1, optmod_methods,
};

PyMODINIT_FUNC PyInit_optmod(void)
{
    PyObject *m = PyModule_Create(&optmod_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "VERSION", 1) < 0)
        return NULL;
#ifdef OPTMOD_WITH_EXTRA
    Py_INCREF(&Extra_Type);
    if (PyModule_AddObject(m, "Extra", (PyObject *)&Extra_Type) < 0)
        return NULL;
#endif
    return m;
}
