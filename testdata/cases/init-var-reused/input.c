/* The init function uses its module variable for another module before creating its own. */
#include <Python.h>

static PyObject *json_loads;

static struct PyModuleDef reuse_module = {
    PyModuleDef_HEAD_INIT, "reuse", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_reuse(void)
{
    PyObject *mod;

    mod = PyImport_ImportModule("json");
    if (mod == NULL)
        return NULL;
    json_loads = PyObject_GetAttrString(mod, "loads");
    Py_DECREF(mod);
    if (json_loads == NULL)
        return NULL;
    mod = PyModule_Create(&reuse_module);
    if (mod == NULL)
        return NULL;
    if (PyModule_AddIntConstant(mod, "answer", 42) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
