/* Unit conversions with Python 2/3 init macros. Errors are checked by X_N/X_LZ, which hand their
 * second argument to RETURN_X_IF_COND, the one that returns it: in the init that argument is
 * MOD_VAL(NULL) (NULL on Python 3, nothing on Python 2), and ADD_UNIT uses X_LZ the same way. */
#include <Python.h>

#define RETURN_X_IF_COND(statement, X, cond) \
    do { \
        if ((statement) cond) { \
            return X; \
        } \
    } while (0);
#define X_LZ(stmt, X) RETURN_X_IF_COND(stmt, X, < 0)
#define X_N(stmt, X) RETURN_X_IF_COND(stmt, X, == NULL)

static PyObject *UnitError;

static PyObject *
units_to_mm(PyObject *self, PyObject *args)
{
    double value;
    const char *unit;
    PyObject *factor;

    if (!PyArg_ParseTuple(args, "ds", &value, &unit))
        return NULL;
    factor = PyObject_GetAttrString(self, unit);
    if (factor == NULL || !PyLong_Check(factor)) {
        Py_XDECREF(factor);
        PyErr_Clear();
        PyErr_Format(UnitError, "unknown unit '%s'", unit);
        return NULL;
    }
    value *= (double)PyLong_AsLong(factor);
    Py_DECREF(factor);
    X_N(unit, NULL);
    return PyFloat_FromDouble(value);
}

static PyMethodDef units_methods[] = {
    {"to_mm", units_to_mm, METH_VARARGS, "to_mm(value, unit) -> millimetres"},
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
static struct PyModuleDef units_module = {PyModuleDef_HEAD_INIT, "units", "Lengths.", -1, units_methods};
#define MOD_INIT(name) PyMODINIT_FUNC PyInit_##name(void)
#define MOD_DEF(m, name, doc, methods) \
    m = PyModule_Create(&units_module);
#define MOD_VAL(v) v
#else
#define MOD_INIT(name) PyMODINIT_FUNC init##name(void)
#define MOD_DEF(m, name, doc, methods) \
    m = Py_InitModule3(name, methods, doc);
#define MOD_VAL(v)
#endif

#define ADD_UNIT(name, mm) \
    { \
        X_LZ(PyModule_AddIntConstant(m, name, mm), MOD_VAL(NULL)); \
    }

MOD_INIT(units)
{
    PyObject *m;
    MOD_DEF(m, "units", "Lengths.", units_methods);
    X_N(m, MOD_VAL(NULL));

    ADD_UNIT("mm", 1);
    ADD_UNIT("cm", 10);
    ADD_UNIT("m", 1000);

    UnitError = PyErr_NewException("units.UnitError", PyExc_ValueError, NULL);
    X_N(UnitError, MOD_VAL(NULL));
    Py_INCREF(UnitError);
    X_LZ(PyModule_AddObject(m, "UnitError", UnitError), MOD_VAL(NULL));

    return MOD_VAL(m);
}
