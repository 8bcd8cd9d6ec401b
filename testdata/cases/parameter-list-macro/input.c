/* A registry whose module functions take their parameter list from a macro of the project's header;
 * a helper they call raises the module's exception. */
#include "registry.h"

static PyObject *UnknownKey;

static void
unknown_key(const char *key)
{
    PyErr_Format(UnknownKey, "no entry '%s'", key);
}

static PyObject *
registry_find(REGISTRY_ARGS)
{
    static char *kwlist[] = {"key", NULL};
    const char *key;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s", kwlist, &key))
        return NULL;
    if (key[0] == '\0')
        return PyUnicode_FromString("root");
    unknown_key(key);
    return NULL;
}

static PyMethodDef registry_methods[] = {
    {"find", (PyCFunction)(void (*)(void))registry_find, METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef registry_module = {
    PyModuleDef_HEAD_INIT, "registry", NULL, -1, registry_methods
};

PyMODINIT_FUNC
PyInit_registry(void)
{
    PyObject *m = PyModule_Create(&registry_module);
    if (m == NULL)
        return NULL;
    UnknownKey = PyErr_NewException("registry.UnknownKey", PyExc_KeyError, NULL);
    if (UnknownKey == NULL || PyModule_AddObject(m, "UnknownKey", UnknownKey) < 0) {
        Py_XDECREF(UnknownKey);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(UnknownKey);
    return m;
}
