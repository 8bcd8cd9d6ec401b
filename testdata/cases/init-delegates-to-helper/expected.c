/* PyInit returns what a helper built, as many projects that once supported Python 2 do. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *HelperError; /* was: static PyObject *HelperError */
} helpermod_state;

static inline helpermod_state *
get_helpermod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (helpermod_state *)state;
}

static int
helpermod_traverse(PyObject *module, visitproc visit, void *arg)
{
    helpermod_state *st = get_helpermod_state(module);
    Py_VISIT(st->HelperError);
    return 0;
}

static int
helpermod_clear(PyObject *module)
{
    helpermod_state *st = get_helpermod_state(module);
    Py_CLEAR(st->HelperError);
    return 0;
}

static void
helpermod_free(void *module)
{
    (void)helpermod_clear((PyObject *)module);
}

static PyObject *
helper_fail(PyObject *self, PyObject *msg)
{
    helpermod_state *st = get_helpermod_state(self);
    PyErr_SetObject(st->HelperError, msg);
    return NULL;
}

static PyMethodDef helper_methods[] = {
    {"fail", helper_fail, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static int helpermod_exec(PyObject *m);

static PyModuleDef_Slot helpermod_slots[] = {
    {Py_mod_exec, (void *)helpermod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef helper_module = {
    PyModuleDef_HEAD_INIT, "helpermod", NULL, sizeof(helpermod_state), helper_methods,
    helpermod_slots,
    helpermod_traverse,
    helpermod_clear,
    helpermod_free
};

static int
helpermod_exec(PyObject *m)
{
    helpermod_state *st = get_helpermod_state(m);
    st->HelperError = PyErr_NewException("helpermod.Error", NULL, NULL);
    if (st->HelperError == NULL)
        return -1;
    Py_INCREF(st->HelperError);
    if (PyModule_AddObject(m, "Error", st->HelperError) < 0) {
        Py_XDECREF(st->HelperError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_helpermod(void)
{
    return PyModuleDef_Init(&helper_module);
}
