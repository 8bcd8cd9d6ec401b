/*
 * numconv: converts numbers to the standard library's exact types. The init
 * function borrows its module variable to import those types before it
 * creates the module itself.
 */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *Fraction_type; /* was: static PyObject *Fraction_type */
    PyObject *Decimal_type;  /* was: static PyObject *Decimal_type */
    PyObject *Number_abc;    /* was: static PyObject *Number_abc */
} numconv_state;

static inline numconv_state *
get_numconv_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (numconv_state *)state;
}

static int
numconv_traverse(PyObject *module, visitproc visit, void *arg)
{
    numconv_state *st = get_numconv_state(module);
    Py_VISIT(st->Fraction_type);
    Py_VISIT(st->Decimal_type);
    Py_VISIT(st->Number_abc);
    return 0;
}

static int
numconv_clear(PyObject *module)
{
    numconv_state *st = get_numconv_state(module);
    Py_CLEAR(st->Fraction_type);
    Py_CLEAR(st->Decimal_type);
    Py_CLEAR(st->Number_abc);
    return 0;
}

static void
numconv_free(void *module)
{
    (void)numconv_clear((PyObject *)module);
}

static PyObject *
numconv_fraction(PyObject *self, PyObject *arg)
{
    numconv_state *st = get_numconv_state(self);
    return PyObject_CallOneArg(st->Fraction_type, arg);
}

static PyObject *
numconv_decimal(PyObject *self, PyObject *arg)
{
    numconv_state *st = get_numconv_state(self);
    PyObject *text = PyObject_Str(arg);
    PyObject *res;

    if (text == NULL)
        return NULL;
    res = PyObject_CallOneArg(st->Decimal_type, text);
    Py_DECREF(text);
    return res;
}

static PyObject *
numconv_is_number(PyObject *self, PyObject *arg)
{
    numconv_state *st = get_numconv_state(self);
    int r = PyObject_IsInstance(arg, st->Number_abc);
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

static int numconv_exec(PyObject *m);

static PyModuleDef_Slot numconv_slots[] = {
    {Py_mod_exec, (void *)numconv_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef numconv_module = {
    PyModuleDef_HEAD_INIT,
    "numconv",
    NULL,
    sizeof(numconv_state),
    numconv_methods,
    numconv_slots,
    numconv_traverse,
    numconv_clear,
    numconv_free
};

static int
numconv_exec(PyObject *m)
{
    numconv_state *st = get_numconv_state(m);
    PyObject *imported = NULL, *version;

#define LOAD_TYPE(MODNAME, ATTR, DEST)           \
    Py_XDECREF(imported);                        \
    imported = PyImport_ImportModule(MODNAME);   \
    if (imported == NULL)                        \
        return -1;                               \
    DEST = PyObject_GetAttrString(imported, ATTR); \
    if (DEST == NULL) {                          \
        Py_DECREF(imported);                     \
        return -1;                               \
    }

    LOAD_TYPE("fractions", "Fraction", st->Fraction_type)
    LOAD_TYPE("decimal", "Decimal", st->Decimal_type)
    Py_CLEAR(imported);

    imported = PyImport_ImportModule("numbers");
    if (imported == NULL)
        return -1;
    st->Number_abc = PyObject_GetAttrString(imported, "Number");
    Py_DECREF(imported);
    if (st->Number_abc == NULL)
        return -1;

    version = PyUnicode_FromString("1.2");
    if (version == NULL || PyModule_AddObject(m, "__version__", version) < 0) {
        Py_XDECREF(version);
        return -1;
    }
    return 0;

#undef LOAD_TYPE
}

PyMODINIT_FUNC
PyInit_numconv(void)
{
    return PyModuleDef_Init(&numconv_module);
}
