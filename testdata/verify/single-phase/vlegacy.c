/* verify fixture: an unconverted single-phase module (static type, static exception).
   Expected: loads in the main interpreter; isolated subinterpreters refuse it. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *LegacyError;

typedef struct {
    PyObject_HEAD
    long value;
} ThingObject;

static PyObject *
Thing_get(ThingObject *self, PyObject *unused)
{
    return PyLong_FromLong(self->value);
}

static PyMethodDef Thing_methods[] = {
    {"get", (PyCFunction)Thing_get, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Thing_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "vlegacy.Thing",
    .tp_basicsize = sizeof(ThingObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_methods = Thing_methods,
};

static PyObject *
fail(PyObject *self, PyObject *unused)
{
    PyErr_SetString(LegacyError, "failed");
    return NULL;
}

static PyMethodDef vlegacy_methods[] = {
    {"fail", fail, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef vlegacy_module = {
    PyModuleDef_HEAD_INIT, "vlegacy", NULL, -1, vlegacy_methods,
};

PyMODINIT_FUNC
PyInit_vlegacy(void)
{
    PyObject *m;
    if (PyType_Ready(&Thing_Type) < 0)
        return NULL;
    m = PyModule_Create(&vlegacy_module);
    if (m == NULL)
        return NULL;
    LegacyError = PyErr_NewException("vlegacy.error", NULL, NULL);
    Py_XINCREF(LegacyError);
    if (PyModule_AddObject(m, "error", LegacyError) < 0) {
        Py_XDECREF(LegacyError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Thing_Type);
    if (PyModule_AddObject(m, "Thing", (PyObject *)&Thing_Type) < 0) {
        Py_DECREF(&Thing_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
