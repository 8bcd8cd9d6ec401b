/* textpad: padding with an error type of its own; common.c is linked into textwrapc too. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "common.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *WidthError; /* was: static PyObject *WidthError */
} textpad_state;

static inline textpad_state *
get_textpad_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (textpad_state *)state;
}

static int
textpad_traverse(PyObject *module, visitproc visit, void *arg)
{
    textpad_state *st = get_textpad_state(module);
    Py_VISIT(st->WidthError);
    return 0;
}

static int
textpad_clear(PyObject *module)
{
    textpad_state *st = get_textpad_state(module);
    Py_CLEAR(st->WidthError);
    return 0;
}

static void
textpad_free(void *module)
{
    (void)textpad_clear((PyObject *)module);
}

static PyObject *
textpad_pad(PyObject *module, PyObject *args)
{
    PyObject *text;
    Py_ssize_t width;

    if (!PyArg_ParseTuple(args, "On", &text, &width))
        return NULL;
    if (width < 0) {
        textpad_state *st = get_textpad_state(module);
        PyErr_SetString(st->WidthError, "negative width");
        return NULL;
    }
    return textfmt_pad(text, width, '.');
}

static PyMethodDef textpad_methods[] = {
    {"pad", textpad_pad, METH_VARARGS, "pad(text, width) -> str"},
    {NULL, NULL, 0, NULL}
};

static int textpad_exec(PyObject *m);

static PyModuleDef_Slot textpad_slots[] = {
    {Py_mod_exec, (void *)textpad_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef textpadmodule = {
    PyModuleDef_HEAD_INIT, "textpad", "Padding.", sizeof(textpad_state), textpad_methods,
    textpad_slots,
    textpad_traverse,
    textpad_clear,
    textpad_free
};

static int
textpad_exec(PyObject *m)
{
    textpad_state *st = get_textpad_state(m);

    st->WidthError = PyErr_NewException("textpad.WidthError", PyExc_ValueError, NULL);
    if (st->WidthError == NULL)
        return -1;
    Py_INCREF(st->WidthError);
    if (PyModule_AddObject(m, "WidthError", st->WidthError) < 0) {
        Py_DECREF(st->WidthError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_textpad(void)
{
    return PyModuleDef_Init(&textpadmodule);
}
