/* A module an earlier run converted, with globals added since: the earlier run's lookups sit only in
 * the branch that needed them (check) or under the #if of their uses (trace), and the new globals are
 * used outside them. The later run declares its lookup at the top of the body, which reaches every
 * use, and the earlier ones (from the module: they cannot fail) go with their #if: one run's body. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ScopeError; /* was: static PyObject *ScopeError */
    PyObject *last_arg;   /* was: static PyObject *last_arg */
    long traced;          /* was: static long traced */
} scopemod_state;

static inline scopemod_state *
get_scopemod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (scopemod_state *)state;
}

static int
scopemod_traverse(PyObject *module, visitproc visit, void *arg)
{
    scopemod_state *st = get_scopemod_state(module);
    Py_VISIT(st->ScopeError);
    Py_VISIT(st->last_arg);
    return 0;
}

static int
scopemod_clear(PyObject *module)
{
    scopemod_state *st = get_scopemod_state(module);
    Py_CLEAR(st->ScopeError);
    Py_CLEAR(st->last_arg);
    return 0;
}

static void
scopemod_free(void *module)
{
    (void)scopemod_clear((PyObject *)module);
}

static PyObject *
scopemod_check(PyObject *module, PyObject *arg)
{
    scopemod_state *st = get_scopemod_state(module);
    if (arg == Py_None) {
        PyErr_SetString(st->ScopeError, "None is not allowed");
        return NULL;
    }
    Py_INCREF(arg);
    Py_XSETREF(st->last_arg, arg);
    Py_INCREF(arg);
    return arg;
}

static PyObject *
scopemod_last(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    scopemod_state *st = get_scopemod_state(module);
    return Py_BuildValue("O", st->last_arg ? st->last_arg : Py_None);
}

static PyObject *
scopemod_trace(PyObject *module, PyObject *arg)
{
    scopemod_state *st = get_scopemod_state(module);
    st->traced++;
#ifdef SCOPEMOD_TRACE_ERRORS
    if (arg == Py_None) {
        PyErr_SetString(st->ScopeError, "traced None");
        return NULL;
    }
#endif
    return PyLong_FromLong(st->traced);
}

static PyMethodDef scopemod_methods[] = {
    {"check", scopemod_check, METH_O, NULL},
    {"last", scopemod_last, METH_NOARGS, NULL},
    {"trace", scopemod_trace, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static int scopemod_exec(PyObject *m);

static PyModuleDef_Slot scopemod_slots[] = {
    {Py_mod_exec, (void *)scopemod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef scopemod_module = {
    PyModuleDef_HEAD_INIT,
    "scopemod",
    NULL,
    sizeof(scopemod_state),
    scopemod_methods,
    scopemod_slots,
    scopemod_traverse,
    scopemod_clear,
    scopemod_free
};

static int
scopemod_exec(PyObject *m)
{
    scopemod_state *st = get_scopemod_state(m);
    st->ScopeError = PyErr_NewException("scopemod.error", NULL, NULL);
    if (st->ScopeError == NULL)
        return -1;
    Py_INCREF(st->ScopeError);
    if (PyModule_AddObject(m, "error", st->ScopeError) < 0) {
        Py_DECREF(st->ScopeError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_scopemod(void)
{
    return PyModuleDef_Init(&scopemod_module);
}
