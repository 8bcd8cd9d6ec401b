/* flagged: #ifdef FLAGGED_PY3, a flag its header defines under #if PY_MAJOR_VERSION >= 3, picks the
 * init head (with the module def and the body's first statement), the error returns, and code of a
 * method. Every supported Python compiles the FLAGGED_PY3 branches, never the others. */
#include <Python.h>
#include "flagged_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *FlaggedError; /* was: static PyObject *FlaggedError */
    PyObject *pformat;      /* was: static PyObject *pformat */
} flagged_state;

static inline flagged_state *
get_flagged_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (flagged_state *)state;
}

static int
flagged_traverse(PyObject *module, visitproc visit, void *arg)
{
    flagged_state *st = get_flagged_state(module);
    Py_VISIT(st->FlaggedError);
    Py_VISIT(st->pformat);
    return 0;
}

static int
flagged_clear(PyObject *module)
{
    flagged_state *st = get_flagged_state(module);
    Py_CLEAR(st->FlaggedError);
    Py_CLEAR(st->pformat);
    return 0;
}

static void
flagged_free(void *module)
{
    (void)flagged_clear((PyObject *)module);
}

static PyObject *
flagged_show(PyObject *self, PyObject *arg)
{
    flagged_state *st = get_flagged_state(self);
#ifndef FLAGGED_PY3
    if (PyInt_Check(arg))
        return PyObject_Str(arg);
#endif
    if (PyTuple_Check(arg) && PyTuple_GET_SIZE(arg) > FLAGGED_MAX_PARTS) {
        PyErr_SetString(st->FlaggedError, "too many parts");
        return NULL;
    }
    return PyObject_CallFunctionObjArgs(st->pformat, arg, NULL);
}

static PyMethodDef flagged_methods[] = {
    {"show", flagged_show, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

#ifdef FLAGGED_PY3
static int flagged_exec(PyObject *m);

static PyModuleDef_Slot flagged_slots[] = {
    {Py_mod_exec, (void *)flagged_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef flagged_module = {
    PyModuleDef_HEAD_INIT,
    "flagged",
    NULL,
    sizeof(flagged_state),
    flagged_methods,
    flagged_slots,
    flagged_traverse,
    flagged_clear,
    flagged_free};

#endif
static int flagged_exec(PyObject *m)
{
    flagged_state *st = get_flagged_state(m);
    PyObject *pprint;

    if (m == NULL) {
#ifdef FLAGGED_PY3
        return -1;
#else
        return;
#endif
    }
    st->FlaggedError = PyErr_NewException("flagged.Error", PyExc_ValueError, NULL);
    if (st->FlaggedError == NULL || PyModule_AddObject(m, "Error", st->FlaggedError) < 0) {
        Py_CLEAR(st->FlaggedError);
#ifdef FLAGGED_PY3
        return -1;
#else
        return;
#endif
    }
    Py_INCREF(st->FlaggedError);
    pprint = PyImport_ImportModule("pprint");
    if (pprint == NULL) {
#ifdef FLAGGED_PY3
        return -1;
#else
        return;
#endif
    }
    st->pformat = PyObject_GetAttrString(pprint, "pformat");
    Py_DECREF(pprint);
    if (st->pformat == NULL) {
#ifdef FLAGGED_PY3
        return -1;
#else
        return;
#endif
    }
#ifdef FLAGGED_PY3
    return 0;
#endif
}

PyMODINIT_FUNC
PyInit_flagged(void)
{
    return PyModuleDef_Init(&flagged_module);
}
