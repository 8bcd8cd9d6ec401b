/* Types nothing readies by name: the init readies and adds them in a loop over an array of their addresses,
 * declared with its initializer at the top of the init (iteration_utilities does this for its 29 types). */
#include <Python.h>

typedef struct { PyObject_HEAD } AObject;
typedef struct { PyObject_HEAD } BObject;

static PyTypeObject A_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "loop.A", .tp_basicsize = sizeof(AObject),
    .tp_flags = Py_TPFLAGS_DEFAULT, .tp_new = PyType_GenericNew,
};

static PyTypeObject B_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "loop.B", .tp_basicsize = sizeof(BObject),
    .tp_flags = Py_TPFLAGS_DEFAULT, .tp_new = PyType_GenericNew,
};

static int loop_exec(PyObject *m);

static PyModuleDef_Slot loop_slots[] = {
    {Py_mod_exec, (void *)loop_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef loop_module = {PyModuleDef_HEAD_INIT, "loop", NULL, 0, NULL, loop_slots};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per process. */
static int loop_loaded_once = 0;

static int
loop_exec(PyObject *m)
{
    PyTypeObject *types[] = {&A_Type, &B_Type, NULL};
    int i;

    if (loop_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "loop cannot be loaded more than once per process");
        return -1;
    }
    for (i = 0; types[i] != NULL; i++) {
        const char *name;
        if (PyType_Ready(types[i]) < 0)
            return -1;
        name = strrchr(types[i]->tp_name, '.') + 1;
        Py_INCREF(types[i]);
        if (PyModule_AddObject(m, name, (PyObject *)types[i]) < 0) {
            Py_DECREF(types[i]);
            return -1;
        }
    }
    loop_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_loop(void)
{
    return PyModuleDef_Init(&loop_module);
}
