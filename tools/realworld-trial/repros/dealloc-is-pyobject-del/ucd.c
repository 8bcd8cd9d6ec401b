/* A type whose tp_dealloc is PyObject_Del itself; the module keeps one object of it. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    int version;
} DBObject;

static PyTypeObject DB_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ucd.DB",
    .tp_basicsize = sizeof(DBObject),
    .tp_dealloc = (destructor)PyObject_Del,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

static struct PyModuleDef ucd_module = {PyModuleDef_HEAD_INIT, "ucd", NULL, -1, NULL};

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
    old->version = 3;
    if (PyModule_AddObject(m, "old", (PyObject *)old) < 0) {
        Py_DECREF(old);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
