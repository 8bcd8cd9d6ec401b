#include "ledger.h"

PyObject *ledger_module;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *LedgerError; /* was: static PyObject *LedgerError */
} ledger_state;

static inline ledger_state *
get_ledger_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (ledger_state *)state;
}

static int
ledger_traverse(PyObject *module, visitproc visit, void *arg)
{
    ledger_state *st = get_ledger_state(module);
    Py_VISIT(st->LedgerError);
    return 0;
}

static int
ledger_clear(PyObject *module)
{
    ledger_state *st = get_ledger_state(module);
    Py_CLEAR(st->LedgerError);
    return 0;
}

static void
ledger_free(void *module)
{
    (void)ledger_clear((PyObject *)module);
}

static PyObject *
ledger_check(PyObject *self, PyObject *amount)
{
    long cents = PyLong_AsLong(amount);

    if (cents == -1 && PyErr_Occurred())
        return NULL;
    if (cents < 0) {
        ledger_state *st = get_ledger_state(self);
        PyErr_SetString(st->LedgerError, "a ledger entry cannot be negative");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef ledger_methods[] = {
    {"check", ledger_check, METH_O, "Refuse a negative entry."},
    {"round", ledger_round, METH_O, "Round an amount to `places` places."},
    {NULL, NULL, 0, NULL}
};

static int ledger_exec(PyObject *module);

static PyModuleDef_Slot ledger_slots[] = {
    {Py_mod_exec, (void *)ledger_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef ledger_def = {
    PyModuleDef_HEAD_INIT,
    "ledger",
    "Small bookkeeping helpers.",
    sizeof(ledger_state),
    ledger_methods,
    ledger_slots,
    ledger_traverse,
    ledger_clear,
    ledger_free
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module
 * loads once per process. */
static int ledger_loaded_once = 0;

static int
ledger_exec(PyObject *module)
{
    ledger_state *st = get_ledger_state(module);
    if (ledger_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "ledger cannot be loaded more than once per process");
        return -1;
    }
    ledger_module = module;

    st->LedgerError = PyErr_NewException("ledger.LedgerError", NULL, NULL);
    if (st->LedgerError == NULL)
        return -1;
    Py_INCREF(st->LedgerError);
    if (PyModule_AddObject(ledger_module, "LedgerError", st->LedgerError) < 0) {
        Py_DECREF(st->LedgerError);
        return -1;
    }
    if (PyModule_AddIntConstant(ledger_module, "places", 2) < 0)
        return -1;
    ledger_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_ledger(void)
{
    return PyModuleDef_Init(&ledger_def);
}
