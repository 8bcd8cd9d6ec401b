/*
 * codes: one exception class per error code of a C library.  The list of
 * codes is printed by a script into codes_list.h, a file of add_err() lines
 * that the helper below includes in its body.
 */
#include <Python.h>

#define CODE_COUNT 4

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *errors[CODE_COUNT]; /* was: static PyObject
                                     *errors[CODE_COUNT] */
} codes_state;

static inline codes_state *
get_codes_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (codes_state *)state;
}

static int
codes_traverse(PyObject *module, visitproc visit, void *arg)
{
    codes_state *st = get_codes_state(module);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(CODE_COUNT); i++)
        Py_VISIT(st->errors[i]);
    return 0;
}

static int
codes_clear(PyObject *module)
{
    codes_state *st = get_codes_state(module);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(CODE_COUNT); i++)
        Py_CLEAR(st->errors[i]);
    return 0;
}

static void
codes_free(void *module)
{
    (void)codes_clear((PyObject *)module);
}

#define add_err(st, n, name) do { \
    st->errors[n] = PyErr_NewException("codes." name, PyExc_RuntimeError, NULL); \
    if (st->errors[n] == NULL) \
        return -1; \
    Py_INCREF(st->errors[n]); \
    if (PyModule_AddObject(m, name, st->errors[n]) < 0) { \
        Py_DECREF(st->errors[n]); \
        return -1; \
    } \
} while (0)

static PyObject *
codes_raise_code(PyObject *self, PyObject *arg)
{
    codes_state *st = get_codes_state(self);
    long n = PyLong_AsLong(arg);

    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 0 || n >= CODE_COUNT) {
        PyErr_SetString(PyExc_ValueError, "no such code");
        return NULL;
    }
    PyErr_Format(st->errors[n], "error code %ld", n);
    return NULL;
}

static PyMethodDef codes_methods[] = {
    {"raise_code", codes_raise_code, METH_O, "raise_code(n): raise the exception of code n"},
    {NULL, NULL, 0, NULL}
};

static int codes_exec(PyObject *m);

static PyModuleDef_Slot codes_slots[] = {
    {Py_mod_exec, (void *)codes_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef codes_module = {
    PyModuleDef_HEAD_INIT,
    "codes",
    NULL,
    sizeof(codes_state),
    codes_methods,
    codes_slots,
    codes_traverse,
    codes_clear,
    codes_free
};

static int
codes_add_errors(codes_state *st, PyObject *m)
{
#include "codes_list.h"
    return 0;
}

static int
codes_exec(PyObject *m)
{
    codes_state *st = get_codes_state(m);

    if (codes_add_errors(st, m) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_codes(void)
{
    return PyModuleDef_Init(&codes_module);
}
