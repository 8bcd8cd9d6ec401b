/* The init declares the module variable in one declaration with the others it needs:
 * `PyObject *m = PyModule_Create(&def), *err, *version;`. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *DeclError; /* was: static PyObject *DeclError */
} declmod_state;

static inline declmod_state *
get_declmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (declmod_state *)state;
}

static int
declmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    declmod_state *st = get_declmod_state(module);
    Py_VISIT(st->DeclError);
    return 0;
}

static int
declmod_clear(PyObject *module)
{
    declmod_state *st = get_declmod_state(module);
    Py_CLEAR(st->DeclError);
    return 0;
}

static void
declmod_free(void *module)
{
    (void)declmod_clear((PyObject *)module);
}

static PyObject *
fail(PyObject *module, PyObject *noargs)
{
    declmod_state *st = get_declmod_state(module);
    PyErr_SetString(st->DeclError, "failed on purpose");
    return NULL;
}

static PyMethodDef methods[] = {
    {"fail", fail, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int declmod_exec(PyObject *m);

static PyModuleDef_Slot declmod_slots[] = {
    {Py_mod_exec, (void *)declmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "declmod", NULL, sizeof(declmod_state), methods, declmod_slots, declmod_traverse, declmod_clear, declmod_free};

static int
declmod_exec(PyObject *m)
{
    declmod_state *st = get_declmod_state(m);
    PyObject *err, *version;
    err = PyErr_NewException("declmod.Error", NULL, NULL);
    if (err == NULL)
        return -1;
    st->DeclError = err;
    Py_INCREF(err);
    if (PyModule_AddObject(m, "Error", err) < 0)
        return -1;
    version = PyUnicode_FromString("1.0");
    if (version == NULL || PyModule_AddObject(m, "__version__", version) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_declmod(void)
{
    return PyModuleDef_Init(&def);
}
