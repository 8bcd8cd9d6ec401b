/* One C function is both a module function (self = the module) and a method of the module's type
 * (self = an object of it), and tells the two apart with a type check on self. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    int old;
} DBObject;

static PyTypeObject DB_Type;
#define DB_Check(o) (Py_TYPE(o) == &DB_Type)

static PyObject *
db_version(PyObject *self, PyObject *unused)
{
    if (self && DB_Check(self))
        return PyUnicode_FromString("3.2.0");
    return PyUnicode_FromString("17.0.0");
}

static PyMethodDef db_methods[] = {
    {"version", db_version, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject DB_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ucd.DB",
    .tp_basicsize = sizeof(DBObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = db_methods,
};

static struct PyModuleDef ucd_module = {PyModuleDef_HEAD_INIT, "ucd", NULL, -1, db_methods};

PyMODINIT_FUNC
PyInit_ucd(void)
{
    PyObject *m;
    DBObject *old;
    if (PyType_Ready(&DB_Type) < 0)
        return NULL;
    m = PyModule_Create(&ucd_module);
    if (m == NULL)
        return NULL;
    old = PyObject_New(DBObject, &DB_Type);
    if (old == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddObject(m, "old", (PyObject *)old) < 0) {
        Py_DECREF(old);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
