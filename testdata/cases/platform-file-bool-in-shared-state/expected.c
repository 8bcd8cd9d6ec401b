/* A counter kept by a helper file, and a flag kept by a file only macOS builds compile
 * (bool from <stdbool.h>): both move into the shared state header, which must include what its
 * fields' types need (it included only Python.h, and the other files no longer compiled). */
#include <Python.h>
#include "ticks.h"
#include "tickmod_state.h"

static PyObject *
advance(PyObject *self, PyObject *arg)
{
    tickmod_state *st = get_tickmod_state(self);
    long by = PyLong_AsLong(arg);
    if (by == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(ticks_advance(st, (int)by));
}

static PyMethodDef tick_methods[] = {
    {"advance", advance, METH_O, "add to the counter and return it"},
    {NULL, NULL, 0, NULL}
};

static int tickmod_exec(PyObject *module);

static PyModuleDef_Slot tickmod_slots[] = {
    {Py_mod_exec, (void *)tickmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef tickmodule = {
    PyModuleDef_HEAD_INIT, "tickmod", NULL, sizeof(tickmod_state), tick_methods,
    tickmod_slots
};

static int
tickmod_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_tickmod(void)
{
    return PyModuleDef_Init(&tickmodule);
}
