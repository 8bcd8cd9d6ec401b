/* registry: the type object is also kept in an object global (as PyGreSQL keeps
 * LargeObject = (PyObject *)&largeType), and a module function hands it out. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long id;
} EntryObject;

static PyTypeObject EntryType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "registry.Entry",
    .tp_basicsize = sizeof(EntryObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static PyObject *Entry;

static PyObject *
registry_entry_type(PyObject *module, PyObject *unused)
{
    Py_INCREF(Entry);
    return Entry;
}

static PyMethodDef registry_methods[] = {
    {"entry_type", registry_entry_type, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef registrymodule = {
    PyModuleDef_HEAD_INIT, "registry", NULL, -1, registry_methods,
};

PyMODINIT_FUNC
PyInit_registry(void)
{
    PyObject *m;

    if (PyType_Ready(&EntryType) < 0)
        return NULL;
    m = PyModule_Create(&registrymodule);
    if (m == NULL)
        return NULL;
    Entry = (PyObject *)&EntryType;
    Py_INCREF(Entry);
    if (PyModule_AddObject(m, "Entry", Entry) < 0) {
        Py_DECREF(Entry);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
