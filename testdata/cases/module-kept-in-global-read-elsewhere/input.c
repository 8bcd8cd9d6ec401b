#include "ledger.h"

PyObject *ledger_module;

static PyObject *LedgerError;

static PyObject *
ledger_check(PyObject *self, PyObject *amount)
{
    long cents = PyLong_AsLong(amount);

    if (cents == -1 && PyErr_Occurred())
        return NULL;
    if (cents < 0) {
        PyErr_SetString(LedgerError, "a ledger entry cannot be negative");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef ledger_methods[] = {
    {"check", ledger_check, METH_O, "Refuse a negative entry."},
    {"round", ledger_round, METH_O, "Round an amount to `places` places."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef ledger_def = {
    PyModuleDef_HEAD_INIT,
    "ledger",
    "Small bookkeeping helpers.",
    -1,
    ledger_methods
};

PyMODINIT_FUNC
PyInit_ledger(void)
{
    ledger_module = PyModule_Create(&ledger_def);
    if (ledger_module == NULL)
        return NULL;

    LedgerError = PyErr_NewException("ledger.LedgerError", NULL, NULL);
    if (LedgerError == NULL)
        return NULL;
    Py_INCREF(LedgerError);
    if (PyModule_AddObject(ledger_module, "LedgerError", LedgerError) < 0) {
        Py_DECREF(LedgerError);
        return NULL;
    }
    if (PyModule_AddIntConstant(ledger_module, "places", 2) < 0)
        return NULL;
    return ledger_module;
}
