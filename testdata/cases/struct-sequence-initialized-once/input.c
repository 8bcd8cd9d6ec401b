/* A meter whose read() returns a named tuple (value, unit). The tuple type is a struct sequence
 * filled in by PyStructSequence_InitType into a static PyTypeObject, once per process: a flag
 * keeps a second import from filling it again. */
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

static struct PyModuleDef meter_module = {
    PyModuleDef_HEAD_INIT,
    "meter",
    "Averaging meters.",
    -1,
    NULL
};

static bool initialized = false;

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
    return m;
}
