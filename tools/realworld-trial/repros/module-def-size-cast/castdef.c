/* A stateless module whose def writes m_size with a cast, and one static type. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
} ThingObject;

static PyTypeObject Thing_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "castdef.Thing",
    .tp_basicsize = sizeof(ThingObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef castdef_module = {
    PyModuleDef_HEAD_INIT, "castdef", NULL,
    (Py_ssize_t)-1,              /* m_size */
    NULL, NULL, (traverseproc)NULL, (inquiry)NULL, (freefunc)NULL
};

PyMODINIT_FUNC
PyInit_castdef(void)
{
    PyObject *m;
    if (PyType_Ready(&Thing_Type) < 0)
        return NULL;
    m = PyModule_Create(&castdef_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Thing_Type);
    if (PyModule_AddObject(m, "Thing", (PyObject *)&Thing_Type) < 0) {
        Py_DECREF(&Thing_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
