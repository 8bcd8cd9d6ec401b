/* The Python 2/3 porting template: a state struct and its GETSTATE accessor written after the
 * methods, while the methods still raise an exception kept in a C global. */
#include <Python.h>

static PyObject *SqueezeError;

static PyObject *
squeeze_runs(PyObject *self, PyObject *arg)
{
    const char *s;
    Py_ssize_t n, i, out = 0;
    char *buf;
    PyObject *res;

    if (!PyBytes_Check(arg)) {
        PyErr_SetString(SqueezeError, "squeeze() takes bytes");
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

/* Per-module state, as the porting guide suggests. */
struct module_state {
    PyObject *error;
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
    Py_VISIT(GETSTATE(m)->error);
    return 0;
}

static int
squeeze_clear(PyObject *m)
{
    Py_CLEAR(GETSTATE(m)->error);
    return 0;
}

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    "squeeze",
    NULL,
    sizeof(struct module_state),
    squeeze_methods,
    NULL,
    squeeze_traverse,
    squeeze_clear,
    NULL
};

#define INITERROR return NULL

PyMODINIT_FUNC
PyInit_squeeze(void)

#else
#define INITERROR return

void
initsqueeze(void)
#endif
{
#if PY_MAJOR_VERSION >= 3
    PyObject *module = PyModule_Create(&moduledef);
#else
    PyObject *module = Py_InitModule("squeeze", squeeze_methods);
#endif

    if (module == NULL) {
        INITERROR;
    }
    SqueezeError = PyErr_NewException("squeeze.Error", NULL, NULL);
    if (SqueezeError == NULL) {
        Py_DECREF(module);
        INITERROR;
    }
    Py_INCREF(SqueezeError);
    if (PyModule_AddObject(module, "Error", SqueezeError) < 0) {
        Py_DECREF(SqueezeError);
        Py_DECREF(module);
        INITERROR;
    }
#if PY_MAJOR_VERSION >= 3
    return module;
#endif
}
