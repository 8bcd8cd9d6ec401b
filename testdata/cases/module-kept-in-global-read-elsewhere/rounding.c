#include "ledger.h"

/* Rounds an amount to the number of places the module's `places` setting asks for. */
PyObject *
ledger_round(PyObject *self, PyObject *amount)
{
    PyObject *places, *rounded;

    places = LEDGER_SETTING("places");
    if (places == NULL)
        return NULL;
    rounded = PyObject_CallMethod(amount, "__round__", "O", places);
    Py_DECREF(places);
    return rounded;
}
