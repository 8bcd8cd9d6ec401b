/* Whole days between two dates, through the datetime C-API. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *RangeError; /* was: static PyObject *RangeError */
} daycount_state;

static inline daycount_state *
get_daycount_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (daycount_state *)state;
}

static int
daycount_traverse(PyObject *module, visitproc visit, void *arg)
{
    daycount_state *st = get_daycount_state(module);
    Py_VISIT(st->RangeError);
    return 0;
}

static int
daycount_clear(PyObject *module)
{
    daycount_state *st = get_daycount_state(module);
    Py_CLEAR(st->RangeError);
    return 0;
}

static void
daycount_free(void *module)
{
    (void)daycount_clear((PyObject *)module);
}

static long
ordinal(int y, int m, int d)
{
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    long yy = y - 1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return yy * 365 + yy / 4 - yy / 100 + yy / 400 + before[m - 1] + (m > 2 && leap) + d;
}

static PyObject *
daycount_between(PyObject *module, PyObject *args)
{
    PyObject *a, *b;
    long days;

    if (!PyArg_ParseTuple(args, "OO:between", &a, &b)) {
        return NULL;
    }
    if (!PyDate_Check(a) || !PyDate_Check(b)) {
        PyErr_SetString(PyExc_TypeError, "between() takes two dates");
        return NULL;
    }
    days = ordinal(PyDateTime_GET_YEAR(b), PyDateTime_GET_MONTH(b), PyDateTime_GET_DAY(b))
        - ordinal(PyDateTime_GET_YEAR(a), PyDateTime_GET_MONTH(a), PyDateTime_GET_DAY(a));
    if (days < 0) {
        daycount_state *st = get_daycount_state(module);
        PyErr_SetString(st->RangeError, "the second date is before the first");
        return NULL;
    }
    return PyLong_FromLong(days);
}

static PyObject *
daycount_make(PyObject *module, PyObject *args)
{
    int y, m, d;

    if (!PyArg_ParseTuple(args, "iii:make", &y, &m, &d)) {
        return NULL;
    }
    return PyDate_FromDate(y, m, d);
}

static PyObject *
daycount_span(PyObject *module, PyObject *args)
{
    int days;

    if (!PyArg_ParseTuple(args, "i:span", &days)) {
        return NULL;
    }
    return PyDelta_FromDSU(days, 0, 0);
}

static PyObject *
daycount_midnight_utc(PyObject *module, PyObject *arg)
{
    if (!PyDate_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "midnight_utc() takes a date");
        return NULL;
    }
    return PyDateTimeAPI->DateTime_FromDateAndTime(
        PyDateTime_GET_YEAR(arg), PyDateTime_GET_MONTH(arg), PyDateTime_GET_DAY(arg),
        0, 0, 0, 0, PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
}

static PyMethodDef daycount_methods[] = {
    {"between", daycount_between, METH_VARARGS, "Whole days from the first date to the second."},
    {"make", daycount_make, METH_VARARGS, "A date from year, month and day."},
    {"span", daycount_span, METH_VARARGS, "A timedelta of whole days."},
    {"midnight_utc", daycount_midnight_utc, METH_O, "The start of a date in UTC, as an aware datetime."},
    {NULL, NULL, 0, NULL}
};

static int daycount_exec(PyObject *m);

static PyModuleDef_Slot daycount_slots[] = {
    {Py_mod_exec, (void *)daycount_exec},
#ifdef Py_mod_multiple_interpreters
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#else
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED},
#endif
#endif
    {0, NULL},
};

static struct PyModuleDef daycount_module = {
    PyModuleDef_HEAD_INIT, "daycount", "Days between dates.", sizeof(daycount_state), daycount_methods,
    daycount_slots,
    daycount_traverse,
    daycount_clear,
    daycount_free
};

static int
daycount_exec(PyObject *m)
{
    daycount_state *st = get_daycount_state(m);

    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL) {
        return -1;
    }
    st->RangeError = PyErr_NewException("daycount.RangeError", PyExc_ValueError, NULL);
    Py_XINCREF(st->RangeError);
    if (PyModule_AddObject(m, "RangeError", st->RangeError) < 0) {
        Py_XDECREF(st->RangeError);
        Py_CLEAR(st->RangeError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_daycount(void)
{
    return PyModuleDef_Init(&daycount_module);
}
