/* An init head preceded by MSVC's old export spelling under #ifdef _MSC_VER, as
 * py2-era extensions wrote it. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *MError; /* was: static PyObject *MError */
} lzolike_state;

static inline lzolike_state *get_lzolike_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (lzolike_state *)state;
}

static int lzolike_traverse(PyObject *module, visitproc visit, void *arg)
{
    lzolike_state *st = get_lzolike_state(module);
    Py_VISIT(st->MError);
    return 0;
}

static int lzolike_clear(PyObject *module)
{
    lzolike_state *st = get_lzolike_state(module);
    Py_CLEAR(st->MError);
    return 0;
}

static void lzolike_free(void *module)
{
    (void)lzolike_clear((PyObject *)module);
}

static int lib_ready(void) { return 0; }

static PyObject *
fail(PyObject *self, PyObject *noargs)
{
    lzolike_state *st = get_lzolike_state(self);
    PyErr_SetString(st->MError, "failed on purpose");
    return NULL;
}

static PyMethodDef methods[] = {
    {"fail", fail, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
static int lzolike_exec(PyObject *m);

static PyModuleDef_Slot lzolike_slots[] = {
    {Py_mod_exec, (void *)lzolike_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static PyModuleDef def = { PyModuleDef_HEAD_INIT, "lzolike", NULL, sizeof(lzolike_state), methods, lzolike_slots, lzolike_traverse, lzolike_clear, lzolike_free };
#endif

static int lzolike_exec(PyObject *m)
{
    lzolike_state *st = get_lzolike_state(m);
    PyObject *d;

    if (lib_ready() != 0)
#if PY_MAJOR_VERSION >= 3
        return -1;
#else
        return;
#endif

#if PY_MAJOR_VERSION >= 3
#else
    m = Py_InitModule("lzolike", methods);
#endif
    d = PyModule_GetDict(m);
    st->MError = PyErr_NewException("lzolike.error", NULL, NULL);
    if (st->MError == NULL || PyDict_SetItemString(d, "error", st->MError) < 0)
#if PY_MAJOR_VERSION >= 3
        return -1;
#else
        return;
#endif
#if PY_MAJOR_VERSION >= 3
    return 0;
#endif
}

#ifdef _MSC_VER
_declspec(dllexport)
#endif
PyMODINIT_FUNC PyInit_lzolike(void)
{
    return PyModuleDef_Init(&def);
}
