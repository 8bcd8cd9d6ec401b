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

static int early_exec(PyObject *m);

static PyModuleDef_Slot early_slots[] = {
    {Py_mod_exec, (void *)early_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef early_module = {
    PyModuleDef_HEAD_INIT, "early", NULL, 0, NULL,
    early_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int early_loaded_once = 0;

static int
early_exec(PyObject *m)
{

    if (early_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "early cannot be loaded more than once per process");
        return -1;
    }
    Py_SET_TYPE(&HandleType, Py_TYPE(&PyBaseObject_Type));
    if (PyType_Ready(&HandleType) < 0)
        return -1;
    Py_INCREF(&HandleType);
    if (PyModule_AddObject(m, "Handle", (PyObject *)&HandleType) < 0) {
        Py_DECREF(&HandleType);
        return -1;
    }
    early_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_early(void)
{
    return PyModuleDef_Init(&early_module);
}
