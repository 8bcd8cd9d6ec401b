/* Struct sequence types that guard their own fill with their tp_name (filled once per process). */
#include <Python.h>
#include <structseq.h>

static PyTypeObject PairType;
static PyTypeObject SpanType;

static PyStructSequence_Field pair_fields[] = {
    {"left", "the left item"},
    {"right", "the right item"},
    {NULL}
};

static PyStructSequence_Desc pair_desc = {
    "seqguard.pair", NULL, pair_fields, 2
};

static PyStructSequence_Field span_fields[] = {
    {"start", NULL},
    {"stop", NULL},
    {NULL}
};

static PyStructSequence_Desc span_desc = {
    "seqguard.span", NULL, span_fields, 2
};

static PyObject *
make(PyTypeObject *type, PyObject *args)
{
    PyObject *a, *b, *p;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    p = PyStructSequence_New(type);
    if (p == NULL)
        return NULL;
    Py_INCREF(a);
    Py_INCREF(b);
    PyStructSequence_SET_ITEM(p, 0, a);
    PyStructSequence_SET_ITEM(p, 1, b);
    return p;
}

static PyObject *
make_pair(PyObject *self, PyObject *args)
{
    return make(&PairType, args);
}

static PyObject *
make_span(PyObject *self, PyObject *args)
{
    return make(&SpanType, args);
}

static PyMethodDef seqguard_methods[] = {
    {"make_pair", make_pair, METH_VARARGS, NULL},
    {"make_span", make_span, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef seqguardmodule = {
    PyModuleDef_HEAD_INIT, "seqguard", NULL, -1, seqguard_methods
};

PyMODINIT_FUNC
PyInit_seqguard(void)
{
    PyObject *m = PyModule_Create(&seqguardmodule);
    if (m == NULL)
        return NULL;
    if (PairType.tp_name == 0) {
        PyStructSequence_InitType(&PairType, &pair_desc);
        Py_INCREF(&PairType);
        if (PyModule_AddObject(m, "pair", (PyObject *)&PairType) < 0) {
            Py_DECREF(&PairType);
            Py_DECREF(m);
            return NULL;
        }
    }
    if (!SpanType.tp_name) {
        if (PyStructSequence_InitType2(&SpanType, &span_desc) < 0) {
            Py_DECREF(m);
            return NULL;
        }
        Py_INCREF(&SpanType);
        if (PyModule_AddObject(m, "span", (PyObject *)&SpanType) < 0) {
            Py_DECREF(&SpanType);
            Py_DECREF(m);
            return NULL;
        }
    }
    return m;
}
