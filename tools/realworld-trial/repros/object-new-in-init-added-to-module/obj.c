/* The init makes an object of a static type with PyObject_New and adds it to the module. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    int old;
} DBObject;

static PyTypeObject DB_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "obj.DB",
    .tp_basicsize = sizeof(DBObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

static struct PyModuleDef obj_module = {PyModuleDef_HEAD_INIT, "obj", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_obj(void)
{
    PyObject *m;
    DBObject *old;
    if (PyType_Ready(&DB_Type) < 0)
        return NULL;
    m = PyModule_Create(&obj_module);
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
