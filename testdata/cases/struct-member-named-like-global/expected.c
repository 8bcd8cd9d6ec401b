/* A struct member with the same name as a global (a state struct written
 * ahead of its use): the member is no use of the global. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *MyError; /* was: static PyObject *MyError */
} clash_module_state;

static inline clash_module_state *
get_clash_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (clash_module_state *)state;
}

static int
clash_traverse(PyObject *module, visitproc visit, void *arg)
{
    clash_module_state *st = get_clash_state(module);
    Py_VISIT(st->MyError);
    return 0;
}

static int
clash_clear(PyObject *module)
{
    clash_module_state *st = get_clash_state(module);
    Py_CLEAR(st->MyError);
    return 0;
}

static void
clash_free(void *module)
{
    (void)clash_clear((PyObject *)module);
}

typedef struct {
    PyObject *MyError;
} clash_state;

static PyObject *
clash_fail(PyObject *self, PyObject *unused)
{
    clash_module_state *st = get_clash_state(self);
    PyErr_SetString(st->MyError, "failed");
    return NULL;
}

static PyMethodDef clash_methods[] = {
    {"fail", clash_fail, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int clash_exec(PyObject *m);

static PyModuleDef_Slot clash_slots[] = {
    {Py_mod_exec, (void *)clash_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef clashdef = {PyModuleDef_HEAD_INIT, "clash", NULL, sizeof(clash_module_state), clash_methods, clash_slots, clash_traverse, clash_clear, clash_free};

static int
clash_exec(PyObject *m)
{
    clash_module_state *st = get_clash_state(m);
    st->MyError = PyErr_NewException("clash.MyError", NULL, NULL);
    if (st->MyError == NULL || PyModule_AddObject(m, "MyError", st->MyError) < 0)
        return -1;
    Py_INCREF(st->MyError);
    return 0;
}

PyMODINIT_FUNC
PyInit_clash(void)
{
    return PyModuleDef_Init(&clashdef);
}
