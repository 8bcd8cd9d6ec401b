/* Helpers compiled as part of fracmod's input.c (it #includes this file). */
#include "fracmod_state.h"

static PyObject *
make_fraction(fracmod_state *st, PyObject *num, PyObject *den)
{

    if (st->fraction_type == NULL) {
        PyObject *mod = PyImport_ImportModule("fractions");
        if (mod == NULL)
            return NULL;
        st->fraction_type = PyObject_GetAttrString(mod, "Fraction");
        Py_DECREF(mod);
        if (st->fraction_type == NULL)
            return NULL;
    }
    return PyObject_CallFunctionObjArgs(st->fraction_type, num, den, NULL);
}
