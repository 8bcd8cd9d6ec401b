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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *UnitError; /* was: static PyObject *UnitError */
} units_state;

static inline units_state *
get_units_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (units_state *)state;
}

static int
units_traverse(PyObject *module, visitproc visit, void *arg)
{
    units_state *st = get_units_state(module);
    Py_VISIT(st->UnitError);
    return 0;
}

static int
units_clear(PyObject *module)
{
    units_state *st = get_units_state(module);
    Py_CLEAR(st->UnitError);
    return 0;
}

static void
units_free(void *module)
{
    (void)units_clear((PyObject *)module);
}

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
        units_state *st = get_units_state(self);
        Py_XDECREF(factor);
        PyErr_Clear();
        PyErr_Format(st->UnitError, "unknown unit '%s'", unit);
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
static int units_exec(PyObject *m);

static PyModuleDef_Slot units_slots[] = {
    {Py_mod_exec, (void *)units_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef units_module = {PyModuleDef_HEAD_INIT, "units", "Lengths.", sizeof(units_state), units_methods, units_slots, units_traverse, units_clear, units_free};
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
        X_LZ(PyModule_AddIntConstant(m, name, mm), -1);            \
    }

static int
units_exec(PyObject *m)
{
    units_state *st = get_units_state(m);

    ADD_UNIT("mm", 1);
    ADD_UNIT("cm", 10);
    ADD_UNIT("m", 1000);

    st->UnitError = PyErr_NewException("units.UnitError", PyExc_ValueError, NULL);
    X_N(st->UnitError, -1);
    Py_INCREF(st->UnitError);
    X_LZ(PyModule_AddObject(m, "UnitError", st->UnitError), -1);

    return 0;
}

MOD_INIT(units)
{
    return PyModuleDef_Init(&units_module);
}
