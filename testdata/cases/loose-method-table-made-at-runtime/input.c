/* A directory client whose functions are put into the module's dict at
 * import time from a table of its own, as older bindings do. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "funcs.h"

static PyObject *DirError;

static PyObject *
dir_connect(PyObject *unused, PyObject *args)
{
    const char *uri;

    if (!PyArg_ParseTuple(args, "s:connect", &uri))
        return NULL;
    if (strncmp(uri, "ldap://", 7) != 0) {
        PyErr_Format(DirError, "unsupported URI: %s", uri);
        return NULL;
    }
    return PyUnicode_FromString(uri + 7);
}

static PyObject *
dir_escape(PyObject *self, PyObject *args)
{
    const char *s;
    Py_ssize_t i, n;
    PyObject *out;
    char *p;

    if (!PyArg_ParseTuple(args, "s#:escape", &s, &n))
        return NULL;
    out = PyBytes_FromStringAndSize(NULL, 2 * n);
    if (out == NULL)
        return NULL;
    p = PyBytes_AS_STRING(out);
    for (i = 0; i < n; i++) {
        if (s[i] == '*' || s[i] == '(' || s[i] == ')')
            *p++ = '\\';
        *p++ = s[i];
    }
    if (_PyBytes_Resize(&out, p - PyBytes_AS_STRING(out)) < 0)
        return NULL;
    return out;
}

static PyMethodDef functions[] = {
    {"connect", (PyCFunction)dir_connect, METH_VARARGS},
    {"escape", (PyCFunction)dir_escape, METH_VARARGS},
    {NULL, NULL}
};

static void
init_functions(PyObject *d)
{
    add_methods(d, functions);
}

static PyMethodDef module_methods[] = {
    {NULL, NULL}
};

static struct PyModuleDef dirclient_module = {
    PyModuleDef_HEAD_INIT,
    "dirclient",
    "A directory client.",
    -1,
    module_methods,
};

PyMODINIT_FUNC
PyInit_dirclient(void)
{
    PyObject *m, *d;

    m = PyModule_Create(&dirclient_module);
    if (m == NULL)
        return NULL;
    d = PyModule_GetDict(m);
    DirError = PyErr_NewException("dirclient.error", NULL, NULL);
    if (DirError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    if (PyDict_SetItemString(d, "error", DirError) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    init_functions(d);
    if (PyErr_Occurred()) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
