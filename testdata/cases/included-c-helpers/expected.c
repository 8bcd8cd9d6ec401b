/* fracmod: one translation unit made of this file and util.c, which it #includes (apsw shape):
 * the helper's cache is reached through its caller here. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "fracmod_state.h"

#include "util.c"

static int
fracmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    fracmod_state *st = get_fracmod_state(module);
    Py_VISIT(st->fraction_type);
    return 0;
}

static int
fracmod_clear(PyObject *module)
{
    fracmod_state *st = get_fracmod_state(module);
    Py_CLEAR(st->fraction_type);
    return 0;
}

static void
fracmod_free(void *module)
{
    (void)fracmod_clear((PyObject *)module);
}

static PyObject *
fracmod_half(PyObject *module, PyObject *num)
{
    fracmod_state *st = get_fracmod_state(module);
    PyObject *two = PyLong_FromLong(2), *res;
    if (two == NULL)
        return NULL;
    res = make_fraction(st, num, two);
    Py_DECREF(two);
    return res;
}

static PyMethodDef fracmod_methods[] = {
    {"half", fracmod_half, METH_O, "half(n) -> Fraction(n, 2)"},
    {NULL, NULL, 0, NULL}
};

static int fracmod_exec(PyObject *module);

static PyModuleDef_Slot fracmod_slots[] = {
    {Py_mod_exec, (void *)fracmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef fracmodmodule = {
    PyModuleDef_HEAD_INIT, "fracmod", NULL, sizeof(fracmod_state), fracmod_methods,
    fracmod_slots,
    fracmod_traverse,
    fracmod_clear,
    fracmod_free
};

static int
fracmod_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_fracmod(void)
{
    return PyModuleDef_Init(&fracmodmodule);
}
