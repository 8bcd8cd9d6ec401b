/* Helpers compiled as part of fracmod's input.c (it #includes this file). */

static PyObject *
make_fraction(PyObject *num, PyObject *den)
{
    static PyObject *fraction_type = NULL;

    if (fraction_type == NULL) {
        PyObject *mod = PyImport_ImportModule("fractions");
        if (mod == NULL)
            return NULL;
        fraction_type = PyObject_GetAttrString(mod, "Fraction");
        Py_DECREF(mod);
        if (fraction_type == NULL)
            return NULL;
    }
    return PyObject_CallFunctionObjArgs(fraction_type, num, den, NULL);
}
