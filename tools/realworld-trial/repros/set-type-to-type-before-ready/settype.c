/* Self-written: the old idiom that sets a static type's ob_type to &PyType_Type before PyType_Ready,
 * written as an assignment to Py_TYPE() (an lvalue up to 3.10). */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    int n;
} HashObject;

static PyTypeObject Hash_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "settype.Hash",
    .tp_basicsize = sizeof(HashObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef settype_module = {
    PyModuleDef_HEAD_INIT, "settype", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_settype(void)
{
    PyObject *m;
    Py_TYPE(&Hash_Type) = &PyType_Type;
    if (PyType_Ready(&Hash_Type) < 0)
        return NULL;
    m = PyModule_Create(&settype_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Hash_Type);
    if (PyModule_AddObject(m, "Hash", (PyObject *)&Hash_Type) < 0) {
        Py_DECREF(&Hash_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
