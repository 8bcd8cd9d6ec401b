/* A module whose exception global is declared across a line splice: the compiler reads one
 * name, ShadowError; a reader that does not join the lines sees Shadow and an undeclared Error. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *Shadow\
Error;

static PyObject *
shadow_fail(PyObject *self, PyObject *args)
{
    PyErr_SetString(ShadowError, "shadowed");
    return NULL;
}

static PyMethodDef shadow_methods[] = {
    {"fail", shadow_fail, METH_NOARGS, "Raise ShadowError."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef shadowmodule = {
    PyModuleDef_HEAD_INIT, "shadow", NULL, -1, shadow_methods,
};

PyMODINIT_FUNC
PyInit_shadow(void)
{
    PyObject *m = PyModule_Create(&shadowmodule);
    if (m == NULL) {
        return NULL;
    }
    ShadowError = PyErr_NewException("shadow.ShadowError", NULL, NULL);
    if (ShadowError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(ShadowError);
    if (PyModule_AddObject(m, "ShadowError", ShadowError) < 0) {
        Py_DECREF(ShadowError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
