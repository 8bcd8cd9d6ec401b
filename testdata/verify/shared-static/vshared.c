/* verify fixture: multi-phase init that CLAIMS per-interpreter-GIL support but keeps a static
   type and a static exception object shared by every module instance. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *SharedError;   /* created once, reused by every interpreter */

static PyTypeObject Point_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "vshared.Point",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static int
vshared_exec(PyObject *module)
{
    if (SharedError == NULL) {
        SharedError = PyErr_NewException("vshared.error", NULL, NULL);
        if (SharedError == NULL)
            return -1;
    }
    Py_INCREF(SharedError);
    if (PyModule_AddObject(module, "error", SharedError) < 0) {
        Py_DECREF(SharedError);
        return -1;
    }
    if (PyType_Ready(&Point_Type) < 0)
        return -1;
    Py_INCREF(&Point_Type);
    if (PyModule_AddObject(module, "Point", (PyObject *)&Point_Type) < 0) {
        Py_DECREF(&Point_Type);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot vshared_slots[] = {
    {Py_mod_exec, vshared_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef vshared_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "vshared",
    .m_size = 0,
    .m_slots = vshared_slots,
};

PyMODINIT_FUNC
PyInit_vshared(void)
{
    return PyModuleDef_Init(&vshared_module);
}
