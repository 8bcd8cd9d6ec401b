/* Two exceptions kept in globals, each given the global's own reference before PyModule_AddObject
 * steals the creation's: one with the Py_INCREF macro, one with its function form Py_IncRef (as code
 * that may build for the limited API writes it). Either way the state keeps exactly one reference. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *SyntaxFault; /* was: static PyObject *SyntaxFault */
    PyObject *LimitFault;  /* was: static PyObject *LimitFault */
} parsers_state;

static inline parsers_state *
get_parsers_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (parsers_state *)state;
}

static int
parsers_traverse(PyObject *module, visitproc visit, void *arg)
{
    parsers_state *st = get_parsers_state(module);
    Py_VISIT(st->SyntaxFault);
    Py_VISIT(st->LimitFault);
    return 0;
}

static int
parsers_clear(PyObject *module)
{
    parsers_state *st = get_parsers_state(module);
    Py_CLEAR(st->SyntaxFault);
    Py_CLEAR(st->LimitFault);
    return 0;
}

static void
parsers_free(void *module)
{
    (void)parsers_clear((PyObject *)module);
}

static PyObject *
parse(PyObject *self, PyObject *arg)
{
    Py_ssize_t n = PyObject_Length(arg);
    if (n < 0)
        return NULL;
    if (n == 0) {
        parsers_state *st = get_parsers_state(self);
        PyErr_SetString(st->SyntaxFault, "empty input");
        return NULL;
    }
    if (n > 8) {
        parsers_state *st = get_parsers_state(self);
        PyErr_SetString(st->LimitFault, "input too long");
        return NULL;
    }
    return PyLong_FromSsize_t(n);
}

static PyMethodDef parsers_methods[] = {
    {"parse", parse, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static int parsers_exec(PyObject *m);

static PyModuleDef_Slot parsers_slots[] = {
    {Py_mod_exec, (void *)parsers_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef parsers_module = {
    PyModuleDef_HEAD_INIT, "parsers", NULL, sizeof(parsers_state), parsers_methods,
    parsers_slots,
    parsers_traverse,
    parsers_clear,
    parsers_free
};

static int
parsers_exec(PyObject *m)
{
    parsers_state *st = get_parsers_state(m);
    st->SyntaxFault = PyErr_NewException("parsers.SyntaxFault", NULL, NULL);
    if (st->SyntaxFault == NULL)
        goto error;
    Py_INCREF(st->SyntaxFault);
    if (PyModule_AddObject(m, "SyntaxFault", st->SyntaxFault) < 0) {
        Py_DECREF(st->SyntaxFault);
        goto error;
    }
    st->LimitFault = PyErr_NewException("parsers.LimitFault", NULL, NULL);
    if (st->LimitFault == NULL)
        goto error;
    Py_IncRef(st->LimitFault);
    if (PyModule_AddObject(m, "LimitFault", st->LimitFault) < 0) {
        Py_DECREF(st->LimitFault);
        goto error;
    }
    return 0;

error:
    return -1;
}

PyMODINIT_FUNC
PyInit_parsers(void)
{
    return PyModuleDef_Init(&parsers_module);
}
