/* The init function uses its module variable for another module before creating its own. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *json_loads; /* was: static PyObject *json_loads */
} reuse_state;

static inline reuse_state *
get_reuse_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (reuse_state *)state;
}

static int
reuse_traverse(PyObject *module, visitproc visit, void *arg)
{
    reuse_state *st = get_reuse_state(module);
    Py_VISIT(st->json_loads);
    return 0;
}

static int
reuse_clear(PyObject *module)
{
    reuse_state *st = get_reuse_state(module);
    Py_CLEAR(st->json_loads);
    return 0;
}

static void
reuse_free(void *module)
{
    (void)reuse_clear((PyObject *)module);
}

static int reuse_exec(PyObject *mod);

static PyModuleDef_Slot reuse_slots[] = {
    {Py_mod_exec, (void *)reuse_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef reuse_module = {
    PyModuleDef_HEAD_INIT, "reuse", NULL, sizeof(reuse_state), NULL,
    reuse_slots,
    reuse_traverse,
    reuse_clear,
    reuse_free
};

static int
reuse_exec(PyObject *mod)
{
    reuse_state *st = get_reuse_state(mod);
    PyObject *imported;

    imported = PyImport_ImportModule("json");
    if (imported == NULL)
        return -1;
    st->json_loads = PyObject_GetAttrString(imported, "loads");
    Py_DECREF(imported);
    if (st->json_loads == NULL)
        return -1;
    if (PyModule_AddIntConstant(mod, "answer", 42) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_reuse(void)
{
    return PyModuleDef_Init(&reuse_module);
}
