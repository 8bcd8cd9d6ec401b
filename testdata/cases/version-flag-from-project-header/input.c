/* flagged: #ifdef FLAGGED_PY3, a flag its header defines under #if PY_MAJOR_VERSION >= 3, picks the
 * init head (with the module def and the body's first statement), the error returns, and code of a
 * method. Every supported Python compiles the FLAGGED_PY3 branches, never the others. */
#include <Python.h>
#include "flagged_compat.h"

static PyObject *FlaggedError;
static PyObject *pformat;

static PyObject *
flagged_show(PyObject *self, PyObject *arg)
{
#ifndef FLAGGED_PY3
    if (PyInt_Check(arg))
        return PyObject_Str(arg);
#endif
    if (PyTuple_Check(arg) && PyTuple_GET_SIZE(arg) > FLAGGED_MAX_PARTS) {
        PyErr_SetString(FlaggedError, "too many parts");
        return NULL;
    }
    return PyObject_CallFunctionObjArgs(pformat, arg, NULL);
}

static PyMethodDef flagged_methods[] = {
    {"show", flagged_show, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

#ifdef FLAGGED_PY3
static struct PyModuleDef flagged_module = {
    PyModuleDef_HEAD_INIT,
    "flagged",
    NULL,
    -1,
    flagged_methods,
    NULL,
    NULL,
    NULL,
    NULL};

PyMODINIT_FUNC PyInit_flagged(void)
{
    PyObject *m = PyModule_Create(&flagged_module);
#else
void initflagged(void)
{
    PyObject *m = Py_InitModule3("flagged", flagged_methods, NULL);
#endif
    PyObject *pprint;

    if (m == NULL) {
#ifdef FLAGGED_PY3
        return NULL;
#else
        return;
#endif
    }
    FlaggedError = PyErr_NewException("flagged.Error", PyExc_ValueError, NULL);
    if (FlaggedError == NULL || PyModule_AddObject(m, "Error", FlaggedError) < 0) {
        Py_XDECREF(FlaggedError);
        Py_DECREF(m);
#ifdef FLAGGED_PY3
        return NULL;
#else
        return;
#endif
    }
    Py_INCREF(FlaggedError);
    pprint = PyImport_ImportModule("pprint");
    if (pprint == NULL) {
        Py_DECREF(m);
#ifdef FLAGGED_PY3
        return NULL;
#else
        return;
#endif
    }
    pformat = PyObject_GetAttrString(pprint, "pformat");
    Py_DECREF(pprint);
    if (pformat == NULL) {
        Py_DECREF(m);
#ifdef FLAGGED_PY3
        return NULL;
#else
        return;
#endif
    }
#ifdef FLAGGED_PY3
    return m;
#endif
}
