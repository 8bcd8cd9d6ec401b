/* Module creation inside the condition of an if, and a global filled afterwards. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *zero; /* was: static PyObject *zero */
} condmod_state;

static inline condmod_state *
get_condmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (condmod_state *)state;
}

static int
condmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    condmod_state *st = get_condmod_state(module);
    Py_VISIT(st->zero);
    return 0;
}

static int
condmod_clear(PyObject *module)
{
    condmod_state *st = get_condmod_state(module);
    Py_CLEAR(st->zero);
    return 0;
}

static void
condmod_free(void *module)
{
    (void)condmod_clear((PyObject *)module);
}

static PyObject *
cond_zero(PyObject *self, PyObject *unused)
{
    condmod_state *st = get_condmod_state(self);
    Py_INCREF(st->zero);
    return st->zero;
}

static PyMethodDef cond_methods[] = {
    {"zero", cond_zero, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static int condmod_exec(PyObject *m);

static PyModuleDef_Slot condmod_slots[] = {
    {Py_mod_exec, (void *)condmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef cond_module = {
    PyModuleDef_HEAD_INIT, "condmod", NULL, sizeof(condmod_state), cond_methods,
    condmod_slots,
    condmod_traverse,
    condmod_clear,
    condmod_free
};

static int
condmod_exec(PyObject *m)
{
    condmod_state *st = get_condmod_state(m);

    if ((st->zero = PyLong_FromLong(0)) == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_condmod(void)
{
    return PyModuleDef_Init(&cond_module);
}
