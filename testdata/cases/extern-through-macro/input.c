/* The definitions behind proj.h's macro-wrapped extern declarations. */
#include "proj.h"

PyObject *ProjError;

typedef struct {
    PyObject_HEAD
    int kind;
} TokenObject;

PyTypeObject ProjTokenType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "projmod.Token",
    .tp_basicsize = sizeof(TokenObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static PyObject *
fail(PyObject *module, PyObject *msg)
{
    PyErr_SetObject(ProjError, msg);
    return NULL;
}

static PyMethodDef proj_methods[] = {
    {"fail", fail, METH_O, "Raise projmod.Error(msg)."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef proj_module = {
    PyModuleDef_HEAD_INIT, "projmod", NULL, -1, proj_methods,
};

PyMODINIT_FUNC
PyInit_projmod(void)
{
    PyObject *m;
    if (PyType_Ready(&ProjTokenType) < 0)
        return NULL;
    m = PyModule_Create(&proj_module);
    if (m == NULL)
        return NULL;
    ProjError = PyErr_NewException("projmod.Error", NULL, NULL);
    if (ProjError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(ProjError);
    if (PyModule_AddObject(m, "Error", ProjError) < 0) {
        Py_DECREF(ProjError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&ProjTokenType);
    if (PyModule_AddObject(m, "Token", (PyObject *)&ProjTokenType) < 0) {
        Py_DECREF(&ProjTokenType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
