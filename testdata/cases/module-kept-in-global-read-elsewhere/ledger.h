#ifndef LEDGER_H
#define LEDGER_H

#include <Python.h>

/* The module object, kept by the init so that helpers in other files can read its settings. */
extern PyObject *ledger_module;

/* Settings are module attributes, so Python code can change them at run time. */
#define LEDGER_SETTING(name) PyObject_GetAttrString(ledger_module, (name))

PyObject *ledger_round(PyObject *self, PyObject *amount);

#endif /* LEDGER_H */
