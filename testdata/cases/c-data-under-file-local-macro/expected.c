#include <Python.h>
#include "counter.h"
#include "tally_state.h"

static PyObject *
bump(PyObject *self, PyObject *unused)
{
    tally_state *st = get_tally_state(self);
    return PyLong_FromLong(counter_bump(st));
}

static PyObject *
peak(PyObject *self, PyObject *unused)
{
    tally_state *st = get_tally_state(self);
    return PyLong_FromSize_t(counter_peak(st));
}

static PyObject *
label(PyObject *self, PyObject *unused)
{
    return counter_label();
}

static PyMethodDef tally_methods[] = {
    {"bump", bump, METH_NOARGS, NULL},
    {"peak", peak, METH_NOARGS, NULL},
    {"label", label, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int tally_exec(PyObject *module);

static PyModuleDef_Slot tally_slots[] = {
    {Py_mod_exec, (void *)tally_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT,
    "tally",
    NULL,
    sizeof(tally_state),
    tally_methods,
    tally_slots
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module
 * loads once per process. */
static int tally_loaded_once = 0;

static int
tally_exec(PyObject *Py_UNUSED(module))
{
    if (tally_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "tally cannot be loaded more than once per process");
        return -1;
    }
    tally_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_tally(void)
{
    return PyModuleDef_Init(&tally_module);
}
