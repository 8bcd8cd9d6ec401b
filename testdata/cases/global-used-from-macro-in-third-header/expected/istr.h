/* Case-insensitive keys: the folded form of a str. */
#ifndef CISET_ISTR_H
#define CISET_ISTR_H

#include "keys.h"
#include "ciset_state.h"

static PyObject *
fold_key(ciset_state *st, PyObject *key)
{
    if (!PyUnicode_Check(key)) {
        PyErr_Format(PyExc_TypeError, "keys must be str, not %.100s", Py_TYPE(key)->tp_name);
        return NULL;
    }
    return FOLDED(st, key);
}

#endif /* CISET_ISTR_H */
