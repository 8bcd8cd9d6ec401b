#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "daycalc.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *EpochError; /* was: static PyObject *EpochError */
} daystamp_state;

static inline daystamp_state *
get_daystamp_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (daystamp_state *)state;
}

static int
daystamp_traverse(PyObject *module, visitproc visit, void *arg)
{
    daystamp_state *st = get_daystamp_state(module);
    Py_VISIT(st->EpochError);
    return 0;
}

static int
daystamp_clear(PyObject *module)
{
    daystamp_state *st = get_daystamp_state(module);
    Py_CLEAR(st->EpochError);
    return 0;
}

static void
daystamp_free(void *module)
{
    (void)daystamp_clear((PyObject *)module);
}

static PyObject *
daystamp_split(PyObject *self, PyObject *arg)
{
    struct day_parts parts;
    long days = PyLong_AsLong(arg);

    if (days == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (days < -719468) {
        daystamp_state *st = get_daystamp_state(self);
        PyErr_SetString(st->EpochError, "before the year 0");
        return NULL;
    }
    daycalc_split_r(days, &parts);
    return Py_BuildValue("(lii)", parts.year, parts.month, parts.day);
}

static PyObject *
daystamp_join(PyObject *self, PyObject *args)
{
    struct day_parts parts;

    if (!PyArg_ParseTuple(args, "lii:join", &parts.year, &parts.month, &parts.day)) {
        return NULL;
    }
    return PyLong_FromLong(daycalc_join(&parts));
}

static PyMethodDef daystamp_methods[] = {
    {"split", daystamp_split, METH_O, "Days since 1970-01-01 to (year, month, day)."},
    {"join", daystamp_join, METH_VARARGS, "(year, month, day) to days since 1970-01-01."},
    {NULL, NULL, 0, NULL}
};

static int daystamp_exec(PyObject *m);

static PyModuleDef_Slot daystamp_slots[] = {
    {Py_mod_exec, (void *)daystamp_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef daystamp_module = {
    PyModuleDef_HEAD_INIT,
    "daystamp",
    "Civil dates as day numbers.",
    sizeof(daystamp_state),
    daystamp_methods,
    daystamp_slots,
    daystamp_traverse,
    daystamp_clear,
    daystamp_free
};

static int
daystamp_exec(PyObject *m)
{
    daystamp_state *st = get_daystamp_state(m);
    st->EpochError = PyErr_NewException("daystamp.EpochError", PyExc_ValueError, NULL);
    if (st->EpochError == NULL || PyModule_AddObject(m, "EpochError", st->EpochError) < 0) {
        Py_CLEAR(st->EpochError);
        return -1;
    }
    Py_INCREF(st->EpochError);
    return 0;
}

PyMODINIT_FUNC
PyInit_daystamp(void)
{
    return PyModuleDef_Init(&daystamp_module);
}
