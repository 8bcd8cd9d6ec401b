/* The Python 2/3 porting template: a state struct and its GETSTATE accessor written after the
 * methods, while the methods still raise an exception kept in a C global. */
#include <Python.h>

/* Per-module state, as the porting guide suggests. */
struct module_state {
    PyObject *error;
    PyObject *SqueezeError; /* was: static PyObject *SqueezeError */
};

/* Module state access (pyext-isolate). */
static inline struct module_state *
get_squeeze_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (struct module_state *)state;
}

static int squeeze_clear(PyObject *);

static void
squeeze_free(void *module)
{
    (void)squeeze_clear((PyObject *)module);
}

static PyObject *
squeeze_runs(PyObject *self, PyObject *arg)
{
    const char *s;
    Py_ssize_t n, i, out = 0;
    char *buf;
    PyObject *res;

    if (!PyBytes_Check(arg)) {
        struct module_state *st = get_squeeze_state(self);
        PyErr_SetString(st->SqueezeError, "squeeze() takes bytes");
        return NULL;
    }
    s = PyBytes_AS_STRING(arg);
    n = PyBytes_GET_SIZE(arg);
    buf = PyMem_Malloc(n + 1);
    if (buf == NULL) {
        return PyErr_NoMemory();
    }
    for (i = 0; i < n; i++) {
        if (out == 0 || buf[out - 1] != s[i]) {
            buf[out++] = s[i];
        }
    }
    res = PyBytes_FromStringAndSize(buf, out);
    PyMem_Free(buf);
    return res;
}

static PyMethodDef squeeze_methods[] = {
    {"squeeze", squeeze_runs, METH_O, "Collapse runs of equal bytes."},
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
#define GETSTATE(m) ((struct module_state *)PyModule_GetState(m))
#else
#define GETSTATE(m) (&_state)
static struct module_state _state;
#endif

#if PY_MAJOR_VERSION >= 3

static int
squeeze_traverse(PyObject *m, visitproc visit, void *arg)
{
    struct module_state *st = get_squeeze_state(m);

    Py_VISIT(st->SqueezeError);
    Py_VISIT(GETSTATE(m)->error);
    return 0;
}

static int
squeeze_clear(PyObject *m)
{
    struct module_state *st = get_squeeze_state(m);

    Py_CLEAR(st->SqueezeError);
    Py_CLEAR(GETSTATE(m)->error);
    return 0;
}

static int squeeze_exec(PyObject *module);

static PyModuleDef_Slot squeeze_slots[] = {
    {Py_mod_exec, (void *)squeeze_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    "squeeze",
    NULL,
    sizeof(struct module_state),
    squeeze_methods,
    squeeze_slots,
    squeeze_traverse,
    squeeze_clear,
    squeeze_free
};

#define INITERROR return -1

static int
squeeze_exec(PyObject *module)

#else
#define INITERROR return

void
initsqueeze(void)
#endif
{
    struct module_state *st = get_squeeze_state(module);
#if PY_MAJOR_VERSION >= 3
#else
    PyObject *module = Py_InitModule("squeeze", squeeze_methods);
#endif

    st->SqueezeError = PyErr_NewException("squeeze.Error", NULL, NULL);
    if (st->SqueezeError == NULL) {
        INITERROR;
    }
    Py_INCREF(st->SqueezeError);
    if (PyModule_AddObject(module, "Error", st->SqueezeError) < 0) {
        Py_DECREF(st->SqueezeError);
        INITERROR;
    }
#if PY_MAJOR_VERSION >= 3
    return 0;
#endif
}

PyMODINIT_FUNC
PyInit_squeeze(void)
{
    return PyModuleDef_Init(&moduledef);
}
