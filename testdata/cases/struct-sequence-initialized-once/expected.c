/* A meter whose read() returns a named tuple (value, unit). The tuple type is a struct sequence
 * filled in by PyStructSequence_InitType into a static PyTypeObject, once per process: a flag
 * keeps a second import from filling it again. span() returns another one, filled by
 * PyStructSequence_InitType2 with its error checked. */
#include <Python.h>
#include <stdbool.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *ReadingType; /* was: static PyTypeObject ReadingType */
    PyTypeObject *SpanType;    /* was: static PyTypeObject SpanType */
    PyTypeObject *MeterType;   /* was: static PyTypeObject MeterType */
} meter_state;

static inline meter_state *
get_meter_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (meter_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline meter_state *
meter_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (meter_state *)state;
}

static int
meter_traverse(PyObject *module, visitproc visit, void *arg)
{
    meter_state *st = get_meter_state(module);
    Py_VISIT(st->ReadingType);
    Py_VISIT(st->SpanType);
    Py_VISIT(st->MeterType);
    return 0;
}

static int
meter_clear(PyObject *module)
{
    meter_state *st = get_meter_state(module);
    Py_CLEAR(st->ReadingType);
    Py_CLEAR(st->SpanType);
    Py_CLEAR(st->MeterType);
    return 0;
}

static void
meter_free(void *module)
{
    (void)meter_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
meter_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                  int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

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
    meter_state *st = meter_get_state_of_type(Py_TYPE(self));
    PyObject *value, *unit, *reading;

    value = PyFloat_FromDouble(self->count ? self->total / self->count : 0.0);
    unit = PyUnicode_FromString("V");
    reading = PyStructSequence_New(st->ReadingType);
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Meter_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Meter_slots[] = {
    {Py_tp_doc, (void *)"Averages the samples it is given."},
    {Py_tp_traverse, (void *)Meter_traverse},
    {Py_tp_methods, (void *)Meter_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Meter_spec = {
    .name = "meter.Meter",
    .basicsize = sizeof(MeterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Meter_slots,
};

static PyObject *
meter_span(PyObject *module, PyObject *args)
{
    meter_state *st = get_meter_state(module);
    double lo, hi;
    PyObject *span;

    if (!PyArg_ParseTuple(args, "dd", &lo, &hi))
        return NULL;
    span = PyStructSequence_New(st->SpanType);
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

static int meter_exec(PyObject *m);

static PyModuleDef_Slot meter_slots[] = {
    {Py_mod_exec, (void *)meter_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef meter_module = {
    PyModuleDef_HEAD_INIT,
    "meter",
    "Averaging meters.",
    sizeof(meter_state),
    meter_functions,
    meter_slots,
    meter_traverse,
    meter_clear,
    meter_free
};

static int
meter_exec(PyObject *m)
{
    meter_state *st = get_meter_state(m);

    if (meter_create_type(m, &Meter_spec, NULL, &st->MeterType, 0) < 0)
        return -1;

    st->ReadingType = PyStructSequence_NewType(&reading_desc);
    if (st->ReadingType == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
    st->SpanType = PyStructSequence_NewType(&span_desc);
    if (st->SpanType == NULL && !PyErr_Occurred()) {
        /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
        PyErr_NoMemory();
    }
    if (st->SpanType == NULL)
        return -1;

    Py_INCREF(st->MeterType);
    if (PyModule_AddObject(m, "Meter", (PyObject *)st->MeterType) < 0) {
        Py_DECREF(st->MeterType);
        return -1;
    }
    Py_INCREF(st->ReadingType);
    if (PyModule_AddObject(m, "Reading", (PyObject *)st->ReadingType) < 0) {
        Py_DECREF(st->ReadingType);
        return -1;
    }
    Py_INCREF(st->SpanType);
    if (PyModule_AddObject(m, "Span", (PyObject *)st->SpanType) < 0) {
        Py_DECREF(st->SpanType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_meter(void)
{
    return PyModuleDef_Init(&meter_module);
}
