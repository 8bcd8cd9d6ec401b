/* jsonlite: init starts with the "already imported?" shortcut through PyState_FindModule, and
 * a helper macro left from an older layout also calls PyState_FindModule but nothing expands it. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *DecodeError; /* was: static PyObject *DecodeError */
} jsonlite_state;

static inline jsonlite_state *
get_jsonlite_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (jsonlite_state *)state;
}

static int
jsonlite_traverse(PyObject *module, visitproc visit, void *arg)
{
    jsonlite_state *st = get_jsonlite_state(module);
    Py_VISIT(st->DecodeError);
    return 0;
}

static int
jsonlite_clear(PyObject *module)
{
    jsonlite_state *st = get_jsonlite_state(module);
    Py_CLEAR(st->DecodeError);
    return 0;
}

static void
jsonlite_free(void *module)
{
    (void)jsonlite_clear((PyObject *)module);
}

#define modulestate(o) ((PyObject *)PyModule_GetState(o))
#define modulestate_global modulestate(PyState_FindModule(&jsonlite_def))

static PyObject *
jsonlite_check(PyObject *module, PyObject *arg)
{
    const char *s = PyUnicode_AsUTF8(arg);
    if (s == NULL)
        return NULL;
    if (s[0] != '{' && s[0] != '[') {
        jsonlite_state *st = get_jsonlite_state(module);
        PyErr_Format(st->DecodeError, "expected an object or array, got %.20s", s);
        return NULL;
    }
    Py_RETURN_TRUE;
}

static PyMethodDef jsonlite_methods[] = {
    {"check", jsonlite_check, METH_O, "check(text) -> True"},
    {NULL, NULL, 0, NULL}
};

static int jsonlite_exec(PyObject *module);

static PyModuleDef_Slot jsonlite_slots[] = {
    {Py_mod_exec, (void *)jsonlite_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef jsonlite_def = {
    PyModuleDef_HEAD_INIT, "jsonlite", NULL, sizeof(jsonlite_state), jsonlite_methods,
    jsonlite_slots,
    jsonlite_traverse,
    jsonlite_clear,
    jsonlite_free
};

static int
jsonlite_exec(PyObject *module)
{
    jsonlite_state *st = get_jsonlite_state(module);

    st->DecodeError = PyErr_NewException("jsonlite.DecodeError", PyExc_ValueError, NULL);
    if (st->DecodeError == NULL)
        return -1;
    Py_INCREF(st->DecodeError);
    if (PyModule_AddObject(module, "DecodeError", st->DecodeError) < 0) {
        Py_DECREF(st->DecodeError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_jsonlite(void)
{
    return PyModuleDef_Init(&jsonlite_def);
}
