/* ldaplite: one exception class per result code, kept in an array sized by a constant expression
 * of the library's code range (python-ldap's errobjects[LDAP_ERROR_MAX - LDAP_ERROR_MIN + 1]). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define RESULT_MIN (-3)
#define RESULT_MAX 4

static PyObject *errobjects[RESULT_MAX - RESULT_MIN + 1];
static PyObject *LiteError;

static PyObject *
ldaplite_raise_for(PyObject *module, PyObject *arg)
{
    long code = PyLong_AsLong(arg);

    if (code == -1 && PyErr_Occurred())
        return NULL;
    if (code == 0)
        Py_RETURN_NONE;
    if (code >= RESULT_MIN && code <= RESULT_MAX && errobjects[code - RESULT_MIN] != NULL)
        PyErr_Format(errobjects[code - RESULT_MIN], "result %ld", code);
    else
        PyErr_Format(LiteError, "unknown result %ld", code);
    return NULL;
}

static PyMethodDef ldaplite_methods[] = {
    {"raise_for", ldaplite_raise_for, METH_O, "raise_for(code): raise the exception of a result code"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef ldaplitemodule = {
    PyModuleDef_HEAD_INIT, "ldaplite", NULL, -1, ldaplite_methods
};

PyMODINIT_FUNC
PyInit_ldaplite(void)
{
    char name[32];
    int i;
    PyObject *m = PyModule_Create(&ldaplitemodule);
    if (m == NULL)
        return NULL;
    LiteError = PyErr_NewException("ldaplite.LiteError", NULL, NULL);
    if (LiteError == NULL)
        goto error;
    Py_INCREF(LiteError);
    if (PyModule_AddObject(m, "LiteError", LiteError) < 0)
        goto error;
    for (i = RESULT_MIN; i <= RESULT_MAX; i++) {
        if (i == 0)
            continue;
        PyOS_snprintf(name, sizeof(name), "ldaplite.E%s%d", i < 0 ? "m" : "", i < 0 ? -i : i);
        errobjects[i - RESULT_MIN] = PyErr_NewException(name, LiteError, NULL);
        if (errobjects[i - RESULT_MIN] == NULL)
            goto error;
        Py_INCREF(errobjects[i - RESULT_MIN]);
        if (PyModule_AddObject(m, name + 9, errobjects[i - RESULT_MIN]) < 0)
            goto error;
    }
    return m;
error:
    Py_DECREF(m);
    return NULL;
}
