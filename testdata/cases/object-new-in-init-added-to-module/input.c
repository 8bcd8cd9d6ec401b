/* The init makes an object of its static type with PyObject_New and adds it to the module: the
 * type becomes a GC heap type, so the object is made with PyObject_GC_New and tracked right
 * after the check that it was made, whose braces the exec function no longer needs. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    int version;
} DBObject;

static PyObject *
DB_version(DBObject *self, PyObject *unused)
{
    return PyLong_FromLong(self->version);
}

static PyMethodDef DB_methods[] = {
    {"version", (PyCFunction)DB_version, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject DB_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "dbobj.DB",
    .tp_basicsize = sizeof(DBObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = DB_methods,
};

static struct PyModuleDef dbobj_module = {PyModuleDef_HEAD_INIT, "dbobj", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_dbobj(void)
{
    PyObject *m;
    DBObject *old;
    if (PyType_Ready(&DB_Type) < 0)
        return NULL;
    m = PyModule_Create(&dbobj_module);
    if (m == NULL)
        return NULL;
    old = PyObject_New(DBObject, &DB_Type);
    if (old == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    old->version = 32;
    if (PyModule_AddObject(m, "old", (PyObject *)old) < 0) {
        Py_DECREF(old);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
