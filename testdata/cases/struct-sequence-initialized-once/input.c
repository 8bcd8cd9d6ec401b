/* A meter whose read() returns a named tuple (value, unit). The tuple type is a struct sequence
 * filled in by PyStructSequence_InitType into a static PyTypeObject, once per process: a flag
 * keeps a second import from filling it again. span() returns another one, filled by
 * PyStructSequence_InitType2 with its error checked. */
#include <Python.h>
#include <stdbool.h>

static PyTypeObject ReadingType;

static PyStructSequence_Field reading_fields[] = {
    {"value", "the measured value"},
    {"unit", "what it is measured in"},
    {NULL, NULL}
};

static PyStructSequence_Desc reading_desc = {
    "meter.Reading",
    "A value and its unit.",
    reading_fields,
    2
};

static PyTypeObject SpanType;

static PyStructSequence_Field span_fields[] = {
    {"lo", NULL},
    {"hi", NULL},
    {NULL, NULL}
};

static PyStructSequence_Desc span_desc = {
    "meter.Span",
    NULL,
    span_fields,
    2
};

typedef struct {
    PyObject_HEAD
    double total;
    long count;
} MeterObject;

static PyObject *
Meter_add(MeterObject *self, PyObject *arg)
{
    double v = PyFloat_AsDouble(arg);

    if (v == -1.0 && PyErr_Occurred())
        return NULL;
    self->total += v;
    self->count++;
    Py_RETURN_NONE;
}

static PyObject *
Meter_read(MeterObject *self, PyObject *unused)
{
    PyObject *value, *unit, *reading;

    value = PyFloat_FromDouble(self->count ? self->total / self->count : 0.0);
    unit = PyUnicode_FromString("V");
    reading = PyStructSequence_New(&ReadingType);
    if (value == NULL || unit == NULL || reading == NULL) {
        Py_XDECREF(value);
        Py_XDECREF(unit);
        Py_XDECREF(reading);
        return NULL;
    }
    PyStructSequence_SET_ITEM(reading, 0, value);
    PyStructSequence_SET_ITEM(reading, 1, unit);
    return reading;
}

static PyMethodDef Meter_methods[] = {
    {"add", (PyCFunction)Meter_add, METH_O, "add(value): one more sample"},
    {"read", (PyCFunction)Meter_read, METH_NOARGS, "read() -> Reading of the mean"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject MeterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "meter.Meter",
    sizeof(MeterObject),
    0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Averages the samples it is given.",
    .tp_methods = Meter_methods,
    .tp_new = PyType_GenericNew,
};

static PyObject *
meter_span(PyObject *module, PyObject *args)
{
    double lo, hi;
    PyObject *span;

    if (!PyArg_ParseTuple(args, "dd", &lo, &hi))
        return NULL;
    span = PyStructSequence_New(&SpanType);
    if (span == NULL)
        return NULL;
    PyStructSequence_SET_ITEM(span, 0, PyFloat_FromDouble(lo < hi ? lo : hi));
    PyStructSequence_SET_ITEM(span, 1, PyFloat_FromDouble(lo < hi ? hi : lo));
    if (PyErr_Occurred()) {
        Py_DECREF(span);
        return NULL;
    }
    return span;
}

static PyMethodDef meter_functions[] = {
    {"span", meter_span, METH_VARARGS, "span(a, b) -> Span(lo, hi)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef meter_module = {
    PyModuleDef_HEAD_INIT,
    "meter",
    "Averaging meters.",
    -1,
    meter_functions
};

#if PY_MAJOR_VERSION >= 3
static bool initialized = false;
#endif

PyMODINIT_FUNC
PyInit_meter(void)
{
    PyObject *m;

    if (PyType_Ready(&MeterType) < 0)
        return NULL;

    m = PyModule_Create(&meter_module);
    if (m == NULL)
        return NULL;

    if (!initialized) {
        PyStructSequence_InitType(&ReadingType, &reading_desc);
        initialized = true;
    }
    if (PyStructSequence_InitType2(&SpanType, &span_desc) < 0) {
        Py_DECREF(m);
        return NULL;
    }

    Py_INCREF(&MeterType);
    if (PyModule_AddObject(m, "Meter", (PyObject *)&MeterType) < 0) {
        Py_DECREF(&MeterType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&ReadingType);
    if (PyModule_AddObject(m, "Reading", (PyObject *)&ReadingType) < 0) {
        Py_DECREF(&ReadingType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&SpanType);
    if (PyModule_AddObject(m, "Span", (PyObject *)&SpanType) < 0) {
        Py_DECREF(&SpanType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
