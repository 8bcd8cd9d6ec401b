/*
 * numconv: converts numbers to the standard library's exact types. The init
 * function borrows its module variable to import those types before it
 * creates the module itself.
 */
#include <Python.h>

static PyObject *Fraction_type;     /* fractions.Fraction */
static PyObject *Decimal_type;      /* decimal.Decimal */
static PyObject *Number_abc;        /* numbers.Number */

static PyObject *
numconv_fraction(PyObject *self, PyObject *arg)
{
    return PyObject_CallOneArg(Fraction_type, arg);
}

static PyObject *
numconv_decimal(PyObject *self, PyObject *arg)
{
    PyObject *text = PyObject_Str(arg);
    PyObject *res;

    if (text == NULL)
        return NULL;
    res = PyObject_CallOneArg(Decimal_type, text);
    Py_DECREF(text);
    return res;
}

static PyObject *
numconv_is_number(PyObject *self, PyObject *arg)
{
    int r = PyObject_IsInstance(arg, Number_abc);
    if (r < 0)
        return NULL;
    return PyBool_FromLong(r);
}

static PyMethodDef numconv_methods[] = {
    {"fraction", numconv_fraction, METH_O, "fractions.Fraction(x)"},
    {"decimal", numconv_decimal, METH_O, "decimal.Decimal(str(x))"},
    {"is_number", numconv_is_number, METH_O, "isinstance(x, numbers.Number)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef numconv_module = {
    PyModuleDef_HEAD_INIT,
    "numconv",
    NULL,
    -1,
    numconv_methods
};

PyMODINIT_FUNC
PyInit_numconv(void)
{
    PyObject *m = NULL, *version;

#define LOAD_TYPE(MODNAME, ATTR, DEST)           \
    Py_XDECREF(m);                               \
    m = PyImport_ImportModule(MODNAME);          \
    if (m == NULL)                               \
        return NULL;                             \
    DEST = PyObject_GetAttrString(m, ATTR);      \
    if (DEST == NULL) {                          \
        Py_DECREF(m);                            \
        return NULL;                             \
    }

    LOAD_TYPE("fractions", "Fraction", Fraction_type)
    LOAD_TYPE("decimal", "Decimal", Decimal_type)
    Py_CLEAR(m);

    m = PyImport_ImportModule("numbers");
    if (m == NULL)
        return NULL;
    Number_abc = PyObject_GetAttrString(m, "Number");
    Py_DECREF(m);
    if (Number_abc == NULL)
        return NULL;

    m = PyModule_Create(&numconv_module);
    if (m == NULL)
        return NULL;
    version = PyUnicode_FromString("1.2");
    if (version == NULL || PyModule_AddObject(m, "__version__", version) < 0) {
        Py_XDECREF(version);
        Py_DECREF(m);
        return NULL;
    }
    return m;

#undef LOAD_TYPE
}
