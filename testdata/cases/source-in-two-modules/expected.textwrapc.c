/* textwrapc: column layout; links common.c as textpad does and keeps its separator cached. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "common.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *separator; /* was: static PyObject *separator */
} textwrapc_state;

static inline textwrapc_state *
get_textwrapc_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (textwrapc_state *)state;
}

static int
textwrapc_traverse(PyObject *module, visitproc visit, void *arg)
{
    textwrapc_state *st = get_textwrapc_state(module);
    Py_VISIT(st->separator);
    return 0;
}

static int
textwrapc_clear(PyObject *module)
{
    textwrapc_state *st = get_textwrapc_state(module);
    Py_CLEAR(st->separator);
    return 0;
}

static void
textwrapc_free(void *module)
{
    (void)textwrapc_clear((PyObject *)module);
}

static PyObject *
textwrapc_columns(PyObject *module, PyObject *args)
{
    textwrapc_state *st = get_textwrapc_state(module);
    PyObject *left, *right, *padded, *joined;
    Py_ssize_t width;

    if (!PyArg_ParseTuple(args, "OOn", &left, &right, &width))
        return NULL;
    padded = textfmt_pad(left, width, ' ');
    if (padded == NULL)
        return NULL;
    joined = PyUnicode_Concat(padded, st->separator);
    Py_DECREF(padded);
    if (joined == NULL)
        return NULL;
    Py_SETREF(joined, PyUnicode_Concat(joined, right));
    return joined;
}

static PyObject *
textwrapc_width(PyObject *module, PyObject *text)
{
    Py_ssize_t n = textfmt_width(text);
    if (n < 0)
        return NULL;
    return PyLong_FromSsize_t(n);
}

static PyMethodDef textwrapc_methods[] = {
    {"columns", textwrapc_columns, METH_VARARGS, "columns(left, right, width) -> str"},
    {"width", textwrapc_width, METH_O, "width(text) -> int"},
    {NULL, NULL, 0, NULL}
};

static int textwrapc_exec(PyObject *m);

static PyModuleDef_Slot textwrapc_slots[] = {
    {Py_mod_exec, (void *)textwrapc_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef textwrapcmodule = {
    PyModuleDef_HEAD_INIT, "textwrapc", "Columns.", sizeof(textwrapc_state), textwrapc_methods,
    textwrapc_slots,
    textwrapc_traverse,
    textwrapc_clear,
    textwrapc_free
};

static int
textwrapc_exec(PyObject *m)
{
    textwrapc_state *st = get_textwrapc_state(m);
    st->separator = PyUnicode_FromString(" | ");
    if (st->separator == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_textwrapc(void)
{
    return PyModuleDef_Init(&textwrapcmodule);
}
