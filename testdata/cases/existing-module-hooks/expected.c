/* A single-phase module that already frees its globals in m_free (m_size is -1). */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *key_func;  /* was: static PyObject *key_func */
    PyObject *separator; /* was: static PyObject *separator */
} hooksmod_state;

static inline hooksmod_state *
get_hooksmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hooksmod_state *)state;
}

static int
hooksmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    hooksmod_state *st = get_hooksmod_state(module);
    Py_VISIT(st->key_func);
    Py_VISIT(st->separator);
    return 0;
}

static int
hooksmod_clear(PyObject *module)
{
    hooksmod_state *st = get_hooksmod_state(module);
    Py_CLEAR(st->key_func);
    Py_CLEAR(st->separator);
    return 0;
}

static PyObject *
hooks_join(PyObject *self, PyObject *items)
{
    hooksmod_state *st = get_hooksmod_state(self);
    return PyUnicode_Join(st->separator, items);
}

static PyObject *
hooks_key(PyObject *self, PyObject *arg)
{
    hooksmod_state *st = get_hooksmod_state(self);
    return PyObject_CallOneArg(st->key_func, arg);
}

static PyMethodDef hooks_methods[] = {
    {"join", hooks_join, METH_O, NULL},
    {"key", hooks_key, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static void
hooks_module_free(void *m)
{
    hooksmod_state *st = get_hooksmod_state((PyObject *)m);
    Py_CLEAR(st->separator);
    Py_CLEAR(st->key_func);
}

static int hooksmod_exec(PyObject *m);

static PyModuleDef_Slot hooksmod_slots[] = {
    {Py_mod_exec, (void *)hooksmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef hooks_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hooksmod",
    .m_size = sizeof(hooksmod_state),
    .m_methods = hooks_methods,
    .m_free = hooks_module_free,
    .m_slots = hooksmod_slots,
    .m_traverse = hooksmod_traverse,
    .m_clear = hooksmod_clear,
};

static int
hooksmod_exec(PyObject *m)
{
    hooksmod_state *st = get_hooksmod_state(m);
    st->separator = PyUnicode_FromString(", ");
    if (st->separator == NULL)
        goto error;
    st->key_func = PyObject_GetAttrString((PyObject *)&PyUnicode_Type, "lower");
    if (st->key_func == NULL)
        goto error;
    return 0;
error:
    return -1;
}

PyMODINIT_FUNC
PyInit_hooksmod(void)
{
    return PyModuleDef_Init(&hooks_module);
}
