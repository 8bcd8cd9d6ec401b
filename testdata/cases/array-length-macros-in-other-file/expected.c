/* resultcodes: raise the exception of a library result code. The classes live in codes.c. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "codes.h"
#include "resultcodes_state.h"

static int
resultcodes_traverse(PyObject *module, visitproc visit, void *arg)
{
    resultcodes_state *st = get_resultcodes_state(module);
    Py_VISIT(st->ResultError);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(CODE_MAX - CODE_MIN + 1); i++)
        Py_VISIT(st->code_classes[i]);
    return 0;
}

static int
resultcodes_clear(PyObject *module)
{
    resultcodes_state *st = get_resultcodes_state(module);
    Py_CLEAR(st->ResultError);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(CODE_MAX - CODE_MIN + 1); i++)
        Py_CLEAR(st->code_classes[i]);
    return 0;
}

static void
resultcodes_free(void *module)
{
    (void)resultcodes_clear((PyObject *)module);
}

static PyObject *
resultcodes_check(PyObject *module, PyObject *arg)
{
    resultcodes_state *st = get_resultcodes_state(module);
    long code = PyLong_AsLong(arg);

    if (code == -1 && PyErr_Occurred())
        return NULL;
    if (code == RC_OK)
        Py_RETURN_NONE;
    return codes_raise(st, (int)code);
}

static PyMethodDef resultcodes_methods[] = {
    {"check", resultcodes_check, METH_O, "check(code): raise the exception of a result code"},
    {NULL, NULL, 0, NULL}
};

static int resultcodes_exec(PyObject *m);

static PyModuleDef_Slot resultcodes_slots[] = {
    {Py_mod_exec, (void *)resultcodes_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef resultcodes_module = {
    PyModuleDef_HEAD_INIT,
    "resultcodes",
    "Exceptions of a library's result codes.",
    sizeof(resultcodes_state),
    resultcodes_methods,
    resultcodes_slots,
    resultcodes_traverse,
    resultcodes_clear,
    resultcodes_free
};

static int
resultcodes_exec(PyObject *m)
{

    if (codes_init(m) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_resultcodes(void)
{
    return PyModuleDef_Init(&resultcodes_module);
}
