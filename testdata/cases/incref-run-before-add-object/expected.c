/* Two exceptions kept in globals: each created, then a run of Py_INCREFs (the globals' references), then
 * both added in one `||` chain, whose PyModule_AddObject steals the creation's references (py-lz4framed). */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ErrorA; /* was: static PyObject *ErrorA */
    PyObject *ErrorB; /* was: static PyObject *ErrorB */
} errs_state;

static inline errs_state *
get_errs_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (errs_state *)state;
}

static int
errs_traverse(PyObject *module, visitproc visit, void *arg)
{
    errs_state *st = get_errs_state(module);
    Py_VISIT(st->ErrorA);
    Py_VISIT(st->ErrorB);
    return 0;
}

static int
errs_clear(PyObject *module)
{
    errs_state *st = get_errs_state(module);
    Py_CLEAR(st->ErrorA);
    Py_CLEAR(st->ErrorB);
    return 0;
}

static void
errs_free(void *module)
{
    (void)errs_clear((PyObject *)module);
}

static PyObject *
raise_a(PyObject *self, PyObject *unused)
{
    errs_state *st = get_errs_state(self);
    PyErr_SetString(st->ErrorA, "a");
    return NULL;
}

static PyObject *
raise_b(PyObject *self, PyObject *unused)
{
    errs_state *st = get_errs_state(self);
    PyErr_SetString(st->ErrorB, "b");
    return NULL;
}

static PyMethodDef errs_methods[] = {
    {"raise_a", raise_a, METH_NOARGS, NULL},
    {"raise_b", raise_b, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int errs_exec(PyObject *m);

static PyModuleDef_Slot errs_slots[] = {
    {Py_mod_exec, (void *)errs_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef errs_module = {PyModuleDef_HEAD_INIT, "errs", NULL, sizeof(errs_state), errs_methods, errs_slots, errs_traverse, errs_clear, errs_free};

static int
errs_exec(PyObject *m)
{
    errs_state *st = get_errs_state(m);
    if (!(st->ErrorA = PyErr_NewException("errs.ErrorA", NULL, NULL)))
        goto bail;
    if (!(st->ErrorB = PyErr_NewException("errs.ErrorB", NULL, NULL)))
        goto bail;
    Py_INCREF(st->ErrorA);
    Py_INCREF(st->ErrorB);

    if (PyModule_AddObject(m, "ErrorA", st->ErrorA) ||
        PyModule_AddObject(m, "ErrorB", st->ErrorB)) {
        goto bail;
    }
    return 0;

bail:
    return -1;
}

PyMODINIT_FUNC
PyInit_errs(void)
{
    return PyModuleDef_Init(&errs_module);
}
