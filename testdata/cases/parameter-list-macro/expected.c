/* A registry whose module functions take their parameter list from a macro of the project's header;
 * a helper they call raises the module's exception. */
#include "registry.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *UnknownKey; /* was: static PyObject *UnknownKey */
} registry_state;

static inline registry_state *
get_registry_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (registry_state *)state;
}

static int
registry_traverse(PyObject *module, visitproc visit, void *arg)
{
    registry_state *st = get_registry_state(module);
    Py_VISIT(st->UnknownKey);
    return 0;
}

static int
registry_clear(PyObject *module)
{
    registry_state *st = get_registry_state(module);
    Py_CLEAR(st->UnknownKey);
    return 0;
}

static void
registry_free(void *module)
{
    (void)registry_clear((PyObject *)module);
}

static void
unknown_key(registry_state *st, const char *key)
{
    PyErr_Format(st->UnknownKey, "no entry '%s'", key);
}

static PyObject *
registry_find(REGISTRY_ARGS)
{
    registry_state *st = get_registry_state(module);
    static char *kwlist[] = {"key", NULL};
    const char *key;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s", kwlist, &key))
        return NULL;
    if (key[0] == '\0')
        return PyUnicode_FromString("root");
    unknown_key(st, key);
    return NULL;
}

static PyMethodDef registry_methods[] = {
    {"find", (PyCFunction)(void (*)(void))registry_find, METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL}
};

static int registry_exec(PyObject *m);

static PyModuleDef_Slot registry_slots[] = {
    {Py_mod_exec, (void *)registry_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef registry_module = {
    PyModuleDef_HEAD_INIT, "registry", NULL, sizeof(registry_state), registry_methods,
    registry_slots,
    registry_traverse,
    registry_clear,
    registry_free
};

static int
registry_exec(PyObject *m)
{
    registry_state *st = get_registry_state(m);
    st->UnknownKey = PyErr_NewException("registry.UnknownKey", PyExc_KeyError, NULL);
    if (st->UnknownKey == NULL || PyModule_AddObject(m, "UnknownKey", st->UnknownKey) < 0) {
        Py_CLEAR(st->UnknownKey);
        return -1;
    }
    Py_INCREF(st->UnknownKey);
    return 0;
}

PyMODINIT_FUNC
PyInit_registry(void)
{
    return PyModuleDef_Init(&registry_module);
}
