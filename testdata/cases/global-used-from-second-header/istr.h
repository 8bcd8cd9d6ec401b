/* Case-insensitive keys: the folded form of a str. */
#ifndef CISET_ISTR_H
#define CISET_ISTR_H

static PyObject *
fold_key(PyObject *key)
{
    if (!PyUnicode_Check(key)) {
        PyErr_Format(PyExc_TypeError, "keys must be str, not %.100s", Py_TYPE(key)->tp_name);
        return NULL;
    }
    return PyObject_CallMethodObjArgs(key, str_lower, NULL);
}

#endif /* CISET_ISTR_H */
