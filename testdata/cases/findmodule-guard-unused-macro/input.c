/* jsonlite: init starts with the "already imported?" shortcut through PyState_FindModule, and
 * a helper macro left from an older layout also calls PyState_FindModule but nothing expands it. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *DecodeError;

#define modulestate(o) ((PyObject *)PyModule_GetState(o))
#define modulestate_global modulestate(PyState_FindModule(&jsonlite_def))

static PyObject *
jsonlite_check(PyObject *module, PyObject *arg)
{
    const char *s = PyUnicode_AsUTF8(arg);
    if (s == NULL)
        return NULL;
    if (s[0] != '{' && s[0] != '[') {
        PyErr_Format(DecodeError, "expected an object or array, got %.20s", s);
        return NULL;
    }
    Py_RETURN_TRUE;
}

static PyMethodDef jsonlite_methods[] = {
    {"check", jsonlite_check, METH_O, "check(text) -> True"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef jsonlite_def = {
    PyModuleDef_HEAD_INIT, "jsonlite", NULL, 0, jsonlite_methods
};

PyMODINIT_FUNC
PyInit_jsonlite(void)
{
    PyObject *module;

    if ((module = PyState_FindModule(&jsonlite_def)) != NULL) {
        Py_INCREF(module);
        return module;
    }
    module = PyModule_Create(&jsonlite_def);
    if (module == NULL)
        return NULL;
    DecodeError = PyErr_NewException("jsonlite.DecodeError", PyExc_ValueError, NULL);
    if (DecodeError == NULL) {
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(DecodeError);
    if (PyModule_AddObject(module, "DecodeError", DecodeError) < 0) {
        Py_DECREF(DecodeError);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
