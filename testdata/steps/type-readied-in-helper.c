/* The type is readied in a helper the init function calls with the module. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long hits;
} TallyObject;

static PyTypeObject Tally_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tallymod.Tally",
    .tp_basicsize = sizeof(TallyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static int
add_types(PyObject *m)
{
    if (PyType_Ready(&Tally_Type) < 0) {
        return -1;
    }
    Py_INCREF(&Tally_Type);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&Tally_Type) < 0) {
        Py_DECREF(&Tally_Type);
        return -1;
    }
    return 0;
}

static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT, "tallymod", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_tallymod(void)
{
    PyObject *m = PyModule_Create(&tally_module);
    if (m == NULL) {
        return NULL;
    }
    if (add_types(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
