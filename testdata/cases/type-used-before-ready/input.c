/* Init code that touches the type before PyType_Ready: setting its metatype by hand to a value read
 * at run time (a store of &PyType_Type itself is what PyType_Ready does anyway, and goes). After
 * conversion the type exists only from its creation on, so this is left for a human instead of
 * touching NULL. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long handle;
} HandleObject;

static PyTypeObject HandleType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "early.Handle",
    .tp_basicsize = sizeof(HandleObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef early_module = {
    PyModuleDef_HEAD_INIT, "early", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_early(void)
{
    PyObject *m;

    Py_SET_TYPE(&HandleType, Py_TYPE(&PyBaseObject_Type));
    if (PyType_Ready(&HandleType) < 0)
        return NULL;
    m = PyModule_Create(&early_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&HandleType);
    if (PyModule_AddObject(m, "Handle", (PyObject *)&HandleType) < 0) {
        Py_DECREF(&HandleType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
