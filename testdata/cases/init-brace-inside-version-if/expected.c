/* A counter module whose init picks its name, and opens its body, inside a Python-version #if:
 * each branch ends with the `{`. No supported version compiles the Python 2 branch. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *TallyOverflow; /* was: static PyObject *TallyOverflow */
} tally_state;

static inline tally_state *
get_tally_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tally_state *)state;
}

static int
tally_traverse(PyObject *module, visitproc visit, void *arg)
{
    tally_state *st = get_tally_state(module);
    Py_VISIT(st->TallyOverflow);
    return 0;
}

static int
tally_clear(PyObject *module)
{
    tally_state *st = get_tally_state(module);
    Py_CLEAR(st->TallyOverflow);
    return 0;
}

static void
tally_free(void *module)
{
    (void)tally_clear((PyObject *)module);
}

static long tally_limit = 3;

static PyObject *
tally_check(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n > tally_limit) {
        tally_state *st = get_tally_state(self);
        PyErr_Format(st->TallyOverflow, "%ld is over the limit", n);
        return NULL;
    }
    return PyLong_FromLong(tally_limit - n);
}

static PyMethodDef tally_methods[] = {
    {"check", tally_check, METH_O, "how many are left below the limit"},
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
static int tally_exec(PyObject *m);

static PyModuleDef_Slot tally_slots[] = {
    {Py_mod_exec, (void *)tally_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT,
    "tally",
    "counts up to a limit",
    sizeof(tally_state),
    tally_methods,
    tally_slots,
    tally_traverse,
    tally_clear,
    tally_free
};
#endif

static int
tally_exec(PyObject *m) {
    tally_state *st = get_tally_state(m);

#if PY_MAJOR_VERSION >= 3
#else
    m = Py_InitModule3("tally", tally_methods, "counts up to a limit");
#endif
    st->TallyOverflow = PyErr_NewException("tally.Overflow", PyExc_ValueError, NULL);
    if (st->TallyOverflow == NULL)
        return -1;
    Py_INCREF(st->TallyOverflow);
    if (PyModule_AddObject(m, "Overflow", st->TallyOverflow) < 0) {
        Py_DECREF(st->TallyOverflow);
        return -1;
    }
    if (PyModule_AddIntConstant(m, "LIMIT", tally_limit) < 0)
        return -1;
#if PY_MAJOR_VERSION >= 3
    return 0;
#endif
}

PyMODINIT_FUNC
PyInit_tally(void)
{
    return PyModuleDef_Init(&tally_module);
}
