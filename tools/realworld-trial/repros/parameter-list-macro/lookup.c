/* Self-written: a module exception raised in a helper whose caller's parameter list is a macro. */
#include "lookup.h"

static PyObject *Missing;

static void
set_missing(const char *name)
{
    PyErr_Format(Missing, "cannot find '%s'", name);
}

static PyObject *
lookup_get(LOOKUP_ARGS)
{
    static char *kwlist[] = {"name", NULL};
    const char *name;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s", kwlist, &name))
        return NULL;
    set_missing(name);
    return NULL;
}

static PyMethodDef lookup_methods[] = {
    {"get", (PyCFunction)(void (*)(void))lookup_get, METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef lookup_module = {
    PyModuleDef_HEAD_INIT, "lookup", NULL, -1, lookup_methods
};

PyMODINIT_FUNC
PyInit_lookup(void)
{
    PyObject *m = PyModule_Create(&lookup_module);
    if (m == NULL)
        return NULL;
    Missing = PyErr_NewException("lookup.Missing", PyExc_LookupError, NULL);
    if (Missing == NULL || PyModule_AddObjectRef(m, "Missing", Missing) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
