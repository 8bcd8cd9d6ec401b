/* prefs: connection defaults kept in C globals. Each one is filled by taking a reference first and
 * assigning after (Py_INCREF(Py_None); g = Py_None;), also over the old value in a setter and from
 * a borrowed lookup, so each global owns its object although the value is a constant, an argument
 * or a borrowed reference. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *default_host; /* was: static PyObject *default_host */
    PyObject *default_port; /* was: static PyObject *default_port */
    PyObject *builtin_len;  /* was: static PyObject *builtin_len */
} prefs_state;

static inline prefs_state *
get_prefs_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (prefs_state *)state;
}

static int
prefs_traverse(PyObject *module, visitproc visit, void *arg)
{
    prefs_state *st = get_prefs_state(module);
    Py_VISIT(st->default_host);
    Py_VISIT(st->default_port);
    Py_VISIT(st->builtin_len);
    return 0;
}

static int
prefs_clear(PyObject *module)
{
    prefs_state *st = get_prefs_state(module);
    Py_CLEAR(st->default_host);
    Py_CLEAR(st->default_port);
    Py_CLEAR(st->builtin_len);
    return 0;
}

static void
prefs_free(void *module)
{
    (void)prefs_clear((PyObject *)module);
}

static PyObject *
prefs_get_host(PyObject *module, PyObject *noargs)
{
    prefs_state *st = get_prefs_state(module);
    Py_INCREF(st->default_host);
    return st->default_host;
}

static PyObject *
prefs_set_host(PyObject *module, PyObject *arg)
{
    prefs_state *st = get_prefs_state(module);
    Py_INCREF(arg);
    Py_CLEAR(st->default_host);
    st->default_host = arg;
    Py_RETURN_NONE;
}

static PyObject *
prefs_get_port(PyObject *module, PyObject *noargs)
{
    prefs_state *st = get_prefs_state(module);
    Py_INCREF(st->default_port);
    return st->default_port;
}

static PyObject *
prefs_length(PyObject *module, PyObject *arg)
{
    prefs_state *st = get_prefs_state(module);
    return PyObject_CallFunctionObjArgs(st->builtin_len, arg, NULL);
}

static PyMethodDef prefs_methods[] = {
    {"get_host", prefs_get_host, METH_NOARGS, "The default host, or None."},
    {"set_host", prefs_set_host, METH_O, "Set the default host."},
    {"get_port", prefs_get_port, METH_NOARGS, "The default port, or None."},
    {"length", prefs_length, METH_O, "len() of the argument."},
    {NULL, NULL, 0, NULL}
};

static int prefs_exec(PyObject *m);

static PyModuleDef_Slot prefs_slots[] = {
    {Py_mod_exec, (void *)prefs_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef prefs_module = {
    PyModuleDef_HEAD_INIT, "prefs", "Connection defaults.", sizeof(prefs_state), prefs_methods,
    prefs_slots,
    prefs_traverse,
    prefs_clear,
    prefs_free
};

static int
prefs_exec(PyObject *m)
{
    prefs_state *st = get_prefs_state(m);
    PyObject *len;

    Py_INCREF(Py_None);
    st->default_host = Py_None;
    Py_INCREF(Py_None);
    st->default_port = Py_None;
    len = PyDict_GetItemString(PyEval_GetBuiltins(), "len");
    if (len == NULL) {
        PyErr_SetString(PyExc_ImportError, "no len() in the builtins");
        return -1;
    }
    Py_INCREF(len);
    st->builtin_len = len;
    return 0;
}

PyMODINIT_FUNC
PyInit_prefs(void)
{
    return PyModuleDef_Init(&prefs_module);
}
