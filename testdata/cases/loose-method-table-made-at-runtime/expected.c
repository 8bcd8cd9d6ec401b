/* A directory client whose functions are put into the module's dict at
 * import time from a table of its own, as older bindings do. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "funcs.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *DirError; /* was: static PyObject *DirError */
} dirclient_state;

static inline dirclient_state *
get_dirclient_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (dirclient_state *)state;
}

static int
dirclient_traverse(PyObject *module, visitproc visit, void *arg)
{
    dirclient_state *st = get_dirclient_state(module);
    Py_VISIT(st->DirError);
    return 0;
}

static int
dirclient_clear(PyObject *module)
{
    dirclient_state *st = get_dirclient_state(module);
    Py_CLEAR(st->DirError);
    return 0;
}

static void
dirclient_free(void *module)
{
    (void)dirclient_clear((PyObject *)module);
}

static PyObject *
dir_connect(PyObject *unused, PyObject *args)
{
    const char *uri;

    if (!PyArg_ParseTuple(args, "s:connect", &uri))
        return NULL;
    if (strncmp(uri, "ldap://", 7) != 0) {
        dirclient_state *st = get_dirclient_state(unused);
        PyErr_Format(st->DirError, "unsupported URI: %s", uri);
        return NULL;
    }
    return PyUnicode_FromString(uri + 7);
}

static PyObject *
dir_escape(PyObject *self, PyObject *args)
{
    const char *s;
    Py_ssize_t i, n;
    PyObject *out;
    char *p;

    if (!PyArg_ParseTuple(args, "s#:escape", &s, &n))
        return NULL;
    out = PyBytes_FromStringAndSize(NULL, 2 * n);
    if (out == NULL)
        return NULL;
    p = PyBytes_AS_STRING(out);
    for (i = 0; i < n; i++) {
        if (s[i] == '*' || s[i] == '(' || s[i] == ')')
            *p++ = '\\';
        *p++ = s[i];
    }
    if (_PyBytes_Resize(&out, p - PyBytes_AS_STRING(out)) < 0)
        return NULL;
    return out;
}

static PyMethodDef functions[] = {
    {"connect", (PyCFunction)dir_connect, METH_VARARGS},
    {"escape", (PyCFunction)dir_escape, METH_VARARGS},
    {NULL, NULL}
};

static void
init_functions(PyObject *module, PyObject *d)
{
    add_methods(module, d, functions);
}

static PyMethodDef module_methods[] = {
    {NULL, NULL}
};

static int dirclient_exec(PyObject *m);

static PyModuleDef_Slot dirclient_slots[] = {
    {Py_mod_exec, (void *)dirclient_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef dirclient_module = {
    PyModuleDef_HEAD_INIT,
    "dirclient",
    "A directory client.",
    sizeof(dirclient_state),
    module_methods,
    dirclient_slots,
    dirclient_traverse,
    dirclient_clear,
    dirclient_free,
};

static int
dirclient_exec(PyObject *m)
{
    dirclient_state *st = get_dirclient_state(m);
    PyObject *d;

    d = PyModule_GetDict(m);
    st->DirError = PyErr_NewException("dirclient.error", NULL, NULL);
    if (st->DirError == NULL)
        return -1;
    if (PyDict_SetItemString(d, "error", st->DirError) < 0)
        return -1;
    init_functions(m, d);
    if (PyErr_Occurred())
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_dirclient(void)
{
    return PyModuleDef_Init(&dirclient_module);
}
