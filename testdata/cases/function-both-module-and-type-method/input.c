/* One method table is the module's functions (self is the module) and a
 * type's methods (self is an object of it); the functions tell the two apart
 * with a type check on self (unicodedata's shape). */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    int old;
} DBObject;

static PyTypeObject DB_Type;
#define DB_Check(o) (Py_TYPE(o) == &DB_Type)

static const char *
version_of(PyObject *self)
{
    if (self && DB_Check(self))
        return "3.2.0";
    return "17.0.0";
}

static PyObject *
db_version(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromString(version_of(self));
}

static PyObject *
db_is_old(PyObject *self, PyObject *unused)
{
    return PyBool_FromLong(self && DB_Check(self));
}

#include "ucd.c.h"

/* As Argument Clinic writes it: the wrapper in ucd.c.h calls this. */
static PyObject *
db_kind_impl(PyObject *self, PyObject *name)
{
    return PyUnicode_FromFormat("%U of %s", name, version_of(self));
}

static PyMethodDef db_methods[] = {
    DB_KIND_METHODDEF
    {"version", db_version, METH_NOARGS, NULL},
    {"is_old", db_is_old, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject DB_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ucd.DB",
    .tp_basicsize = sizeof(DBObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_methods = db_methods,
    .tp_new = PyType_GenericNew,
};

static PyObject *
new_old_version(void)
{
    DBObject *self = PyObject_New(DBObject, &DB_Type);
    if (self == NULL)
        return NULL;
    self->old = 1;
    return (PyObject *)self;
}

static struct PyModuleDef ucd_module = {
    PyModuleDef_HEAD_INIT, "ucd", NULL, -1, db_methods};

PyMODINIT_FUNC
PyInit_ucd(void)
{
    PyObject *m, *v;
    if (PyType_Ready(&DB_Type) < 0)
        return NULL;
    m = PyModule_Create(&ucd_module);
    if (m == NULL)
        return NULL;
    v = new_old_version();
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
