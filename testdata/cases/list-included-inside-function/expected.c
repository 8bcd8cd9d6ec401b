/* errtable: one exception class per result code, made from a generated list. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define N_CODES 8

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *code_errors[N_CODES]; /* was: static PyObject
                                       *code_errors[N_CODES] */
} errtable_state;

static inline errtable_state *
get_errtable_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (errtable_state *)state;
}

static int
errtable_traverse(PyObject *module, visitproc visit, void *arg)
{
    errtable_state *st = get_errtable_state(module);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(N_CODES); i++)
        Py_VISIT(st->code_errors[i]);
    return 0;
}

static int
errtable_clear(PyObject *module)
{
    errtable_state *st = get_errtable_state(module);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(N_CODES); i++)
        Py_CLEAR(st->code_errors[i]);
    return 0;
}

static void
errtable_free(void *module)
{
    (void)errtable_clear((PyObject *)module);
}

static int
errtable_add_errors(errtable_state *st, PyObject *m)
{
    PyObject *exc;

#define add_err(st, name, code) do {                                    \
    exc = PyErr_NewException("errtable." #name, PyExc_OSError, NULL);   \
    if (exc == NULL)                                                    \
        return -1;                                                      \
    st->code_errors[code] = exc;                                        \
    Py_INCREF(exc);                                                     \
    if (PyModule_AddObject(m, #name, exc) != 0) {                       \
        Py_DECREF(exc);                                                 \
        return -1;                                                      \
    }                                                                   \
} while (0)

#include "errors_generated.h"

#undef add_err
    return 0;
}

static PyObject *
errtable_raise_code(PyObject *module, PyObject *arg)
{
    errtable_state *st = get_errtable_state(module);
    long code = PyLong_AsLong(arg);

    if (code == -1 && PyErr_Occurred())
        return NULL;
    if (code > 0 && code < N_CODES && st->code_errors[code] != NULL)
        PyErr_Format(st->code_errors[code], "result code %ld", code);
    else
        PyErr_Format(PyExc_OSError, "unknown result code %ld", code);
    return NULL;
}

static PyMethodDef errtable_methods[] = {
    {"raise_code", errtable_raise_code, METH_O, "raise_code(code): raise the exception of a result code"},
    {NULL, NULL, 0, NULL}
};

static int errtable_exec(PyObject *m);

static PyModuleDef_Slot errtable_slots[] = {
    {Py_mod_exec, (void *)errtable_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef errtable_module = {
    PyModuleDef_HEAD_INIT,
    "errtable",
    "Exceptions made from a generated list of result codes.",
    sizeof(errtable_state),
    errtable_methods,
    errtable_slots,
    errtable_traverse,
    errtable_clear,
    errtable_free
};

static int
errtable_exec(PyObject *m)
{
    errtable_state *st = get_errtable_state(m);

    if (errtable_add_errors(st, m) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_errtable(void)
{
    return PyModuleDef_Init(&errtable_module);
}
