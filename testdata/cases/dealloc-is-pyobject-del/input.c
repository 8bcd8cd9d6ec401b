/* A type whose tp_dealloc is CPython's free function itself (`PyObject_Del`), as unicodedata's UCD
 * type has: its objects hold no references. The module keeps one object of it as an attribute and
 * module functions make more with PyObject_New. */
#include <Python.h>
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    const char *name;
    int major;
} VersionObject;

static PyMemberDef version_members[] = {
    {"major", T_INT, offsetof(VersionObject, major), READONLY, "the major number"},
    {NULL}
};

static PyObject *
version_label(VersionObject *self, PyObject *unused)
{
    return PyUnicode_FromFormat("%s-%d", self->name, self->major);
}

static PyMethodDef version_methods[] = {
    {"label", (PyCFunction)version_label, METH_NOARGS, "name and number"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Version_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "versions.Version",         /* tp_name */
    sizeof(VersionObject),      /* tp_basicsize */
    0,                          /* tp_itemsize */
    (destructor)PyObject_Del,   /* tp_dealloc */
    0,                          /* tp_vectorcall_offset */
    0,                          /* tp_getattr */
    0,                          /* tp_setattr */
    0,                          /* tp_as_async */
    0,                          /* tp_repr */
    0,                          /* tp_as_number */
    0,                          /* tp_as_sequence */
    0,                          /* tp_as_mapping */
    0,                          /* tp_hash */
    0,                          /* tp_call */
    0,                          /* tp_str */
    PyObject_GenericGetAttr,    /* tp_getattro */
    0,                          /* tp_setattro */
    0,                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,         /* tp_flags */
    "a named version",          /* tp_doc */
    0,                          /* tp_traverse */
    0,                          /* tp_clear */
    0,                          /* tp_richcompare */
    0,                          /* tp_weaklistoffset */
    0,                          /* tp_iter */
    0,                          /* tp_iternext */
    version_methods,            /* tp_methods */
    version_members,            /* tp_members */
};

static PyObject *
new_version(const char *name, int major)
{
    VersionObject *self = PyObject_New(VersionObject, &Version_Type);
    if (self == NULL)
        return NULL;
    self->name = name;
    self->major = major;
    return (PyObject *)self;
}

static PyObject *
make(PyObject *module, PyObject *arg)
{
    long major = PyLong_AsLong(arg);
    if (major == -1 && PyErr_Occurred())
        return NULL;
    return new_version("made", (int)major);
}

static PyMethodDef versions_methods[] = {
    {"make", make, METH_O, "a new Version"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef versions_module = {
    PyModuleDef_HEAD_INIT,
    "versions",
    NULL,
    -1,
    versions_methods,
};

PyMODINIT_FUNC
PyInit_versions(void)
{
    PyObject *m, *v;

    if (PyType_Ready(&Version_Type) < 0)
        return NULL;
    m = PyModule_Create(&versions_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Version_Type);
    if (PyModule_AddObject(m, "Version", (PyObject *)&Version_Type) < 0) {
        Py_DECREF(&Version_Type);
        Py_DECREF(m);
        return NULL;
    }
    v = new_version("old", 3);
    if (v == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddObject(m, "old", v) < 0) {
        Py_DECREF(v);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
