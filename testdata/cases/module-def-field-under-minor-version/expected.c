/* pinger: the module def's fields are chosen by Python-version tests inside its initializer, one
 * written with PY_MINOR_VERSION alone (the minor of a Python 3), one with PY_VERSION_HEX. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *PingError; /* was: static PyObject *PingError */
} pinger_state;

static inline pinger_state *
get_pinger_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (pinger_state *)state;
}

static int
pinger_traverse(PyObject *module, visitproc visit, void *arg)
{
    pinger_state *st = get_pinger_state(module);
    Py_VISIT(st->PingError);
    return 0;
}

static int
pinger_clear(PyObject *module)
{
    pinger_state *st = get_pinger_state(module);
    Py_CLEAR(st->PingError);
    return 0;
}

static void
pinger_free(void *module)
{
    (void)pinger_clear((PyObject *)module);
}

static PyObject *
pinger_ping(PyObject *self, PyObject *arg)
{
    if (arg == Py_None) {
        pinger_state *st = get_pinger_state(self);
        PyErr_SetString(st->PingError, "nothing to ping");
        return NULL;
    }
    return PyUnicode_FromString("pong");
}

static PyMethodDef pinger_methods[] = {
    {"ping", pinger_ping, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static int pinger_exec(PyObject *m);

static PyModuleDef_Slot pinger_slots[] = {
    {Py_mod_exec, (void *)pinger_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pinger_module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "pinger",
#if PY_VERSION_HEX >= 0x03030000
    .m_doc = "Answers pings.",
#endif
    .m_size = sizeof(pinger_state),
    .m_methods = pinger_methods,
#if PY_MINOR_VERSION <= 4
    .m_reload = NULL,
#else
    .m_slots = pinger_slots,
    .m_traverse = pinger_traverse,
    .m_clear = pinger_clear,
    .m_free = pinger_free,
#endif
};

static int
pinger_exec(PyObject *m)
{
    pinger_state *st = get_pinger_state(m);
    st->PingError = PyErr_NewException("pinger.PingError", NULL, NULL);
    if (st->PingError == NULL)
        return -1;
    Py_INCREF(st->PingError);
    if (PyModule_AddObject(m, "PingError", st->PingError) < 0) {
        Py_DECREF(st->PingError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_pinger(void)
{
    return PyModuleDef_Init(&pinger_module);
}
