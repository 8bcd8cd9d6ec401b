/* ldaplite: one exception class per result code, kept in an array sized by a constant expression
 * of the library's code range (python-ldap's errobjects[LDAP_ERROR_MAX - LDAP_ERROR_MIN + 1]). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define RESULT_MIN (-3)
#define RESULT_MAX 4

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* was: static PyObject *errobjects[RESULT_MAX - RESULT_MIN + 1] */
    PyObject *errobjects[RESULT_MAX - RESULT_MIN + 1];
    PyObject *LiteError;                               /* was: static PyObject *LiteError */
} ldaplite_state;

static inline ldaplite_state *
get_ldaplite_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (ldaplite_state *)state;
}

static int
ldaplite_traverse(PyObject *module, visitproc visit, void *arg)
{
    ldaplite_state *st = get_ldaplite_state(module);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(RESULT_MAX - RESULT_MIN + 1); i++)
        Py_VISIT(st->errobjects[i]);
    Py_VISIT(st->LiteError);
    return 0;
}

static int
ldaplite_clear(PyObject *module)
{
    ldaplite_state *st = get_ldaplite_state(module);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(RESULT_MAX - RESULT_MIN + 1); i++)
        Py_CLEAR(st->errobjects[i]);
    Py_CLEAR(st->LiteError);
    return 0;
}

static void
ldaplite_free(void *module)
{
    (void)ldaplite_clear((PyObject *)module);
}

static PyObject *
ldaplite_raise_for(PyObject *module, PyObject *arg)
{
    ldaplite_state *st = get_ldaplite_state(module);
    long code = PyLong_AsLong(arg);

    if (code == -1 && PyErr_Occurred())
        return NULL;
    if (code == 0)
        Py_RETURN_NONE;
    if (code >= RESULT_MIN && code <= RESULT_MAX && st->errobjects[code - RESULT_MIN] != NULL)
        PyErr_Format(st->errobjects[code - RESULT_MIN], "result %ld", code);
    else
        PyErr_Format(st->LiteError, "unknown result %ld", code);
    return NULL;
}

static PyMethodDef ldaplite_methods[] = {
    {"raise_for", ldaplite_raise_for, METH_O, "raise_for(code): raise the exception of a result code"},
    {NULL, NULL, 0, NULL}
};

static int ldaplite_exec(PyObject *m);

static PyModuleDef_Slot ldaplite_slots[] = {
    {Py_mod_exec, (void *)ldaplite_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef ldaplitemodule = {
    PyModuleDef_HEAD_INIT, "ldaplite", NULL, sizeof(ldaplite_state), ldaplite_methods,
    ldaplite_slots,
    ldaplite_traverse,
    ldaplite_clear,
    ldaplite_free
};

static int
ldaplite_exec(PyObject *m)
{
    ldaplite_state *st = get_ldaplite_state(m);
    char name[32];
    int i;
    st->LiteError = PyErr_NewException("ldaplite.LiteError", NULL, NULL);
    if (st->LiteError == NULL)
        goto error;
    Py_INCREF(st->LiteError);
    if (PyModule_AddObject(m, "LiteError", st->LiteError) < 0)
        goto error;
    for (i = RESULT_MIN; i <= RESULT_MAX; i++) {
        if (i == 0)
            continue;
        PyOS_snprintf(name, sizeof(name), "ldaplite.E%s%d", i < 0 ? "m" : "", i < 0 ? -i : i);
        st->errobjects[i - RESULT_MIN] = PyErr_NewException(name, st->LiteError, NULL);
        if (st->errobjects[i - RESULT_MIN] == NULL)
            goto error;
        Py_INCREF(st->errobjects[i - RESULT_MIN]);
        if (PyModule_AddObject(m, name + 9, st->errobjects[i - RESULT_MIN]) < 0)
            goto error;
    }
    return 0;
error:
    return -1;
}

PyMODINIT_FUNC
PyInit_ldaplite(void)
{
    return PyModuleDef_Init(&ldaplitemodule);
}
