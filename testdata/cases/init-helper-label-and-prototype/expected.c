/* The init work lives in a helper declared at the top (PyInit only returns its result), and the
 * helper leaves through labels: `exit` is only reached from the module creation's NULL check,
 * `error` also from the code after it. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *default_title; /* was: static PyObject *default_title */
} proctitle_state;

static inline proctitle_state *
get_proctitle_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (proctitle_state *)state;
}

static int
proctitle_traverse(PyObject *module, visitproc visit, void *arg)
{
    proctitle_state *st = get_proctitle_state(module);
    Py_VISIT(st->default_title);
    return 0;
}

static int
proctitle_clear(PyObject *module)
{
    proctitle_state *st = get_proctitle_state(module);
    Py_CLEAR(st->default_title);
    return 0;
}

static void
proctitle_free(void *module)
{
    (void)proctitle_clear((PyObject *)module);
}

static PyObject *
get_default(PyObject *module, PyObject *unused)
{
    proctitle_state *st = get_proctitle_state(module);
    Py_INCREF(st->default_title);
    return st->default_title;
}

static PyMethodDef title_methods[] = {
    {"get_default", get_default, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int proctitle_exec(PyObject *m);

static PyModuleDef_Slot proctitle_slots[] = {
    {Py_mod_exec, (void *)proctitle_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef title_module = {
    PyModuleDef_HEAD_INIT,
    "proctitle",
    NULL,
    sizeof(proctitle_state),
    title_methods,
    proctitle_slots,
    proctitle_traverse,
    proctitle_clear,
    proctitle_free
};

static int
proctitle_exec(PyObject *m)
{
    proctitle_state *st = get_proctitle_state(m);

    st->default_title = PyUnicode_FromString("python");
    if (st->default_title == NULL) { goto error; }
    if (PyModule_AddIntConstant(m, "MAX_LENGTH", 255) < 0) { goto error; }

    return 0;

error:
    return -1;
}

PyMODINIT_FUNC
PyInit_proctitle(void)
{
    return PyModuleDef_Init(&title_module);
}
