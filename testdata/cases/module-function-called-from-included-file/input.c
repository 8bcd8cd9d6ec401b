/* regtab: a registry of display names keyed by any hashable object. The table is a dict
 * held in a C global; the lookup helpers live in lookup.inc, which this file includes. */
#include <Python.h>

static PyObject *names;

static PyObject *registered_name(PyObject *module, PyObject *key);

#include "lookup.inc"

static PyObject *
registered_name(PyObject *module, PyObject *key)
{
    PyObject *name = PyDict_GetItemWithError(names, key);
    if (name == NULL && module != NULL && !PyErr_Occurred())
        Py_RETURN_NONE;
    Py_XINCREF(name);
    return name;
}

static PyObject *
regtab_register(PyObject *module, PyObject *args)
{
    PyObject *key, *name;
    if (!PyArg_ParseTuple(args, "OU:register", &key, &name))
        return NULL;
    if (PyDict_SetItem(names, key, name) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
regtab_lookup(PyObject *module, PyObject *key)
{
    PyObject *name = registered_name(module, key);
    if (name == NULL && !PyErr_Occurred())
        Py_RETURN_NONE;
    return name;
}

static PyObject *
regtab_describe(PyObject *module, PyObject *key)
{
    return name_or_default(key);
}

static PyMethodDef regtab_methods[] = {
    {"register", regtab_register, METH_VARARGS, "register(key, name): remember a display name."},
    {"lookup", regtab_lookup, METH_O, "lookup(key): the registered name, or None."},
    {"registered", (PyCFunction)registered_name, METH_O, "registered(key): the registered name; KeyError-free, None when missing."},
    {"describe", regtab_describe, METH_O, "describe(key): the registered name, or '<unregistered>'."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef regtab_module = {
    PyModuleDef_HEAD_INIT,
    "regtab",
    "Display names keyed by any hashable object.",
    -1,
    regtab_methods
};

PyMODINIT_FUNC
PyInit_regtab(void)
{
    PyObject *m = PyModule_Create(&regtab_module);
    if (m == NULL)
        return NULL;
    names = PyDict_New();
    if (names == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
