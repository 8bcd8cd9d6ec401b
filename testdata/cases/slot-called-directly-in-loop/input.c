/* A binary operator that C code of the module also calls directly, in a loop (a fold over a
 * sequence, as canvases and interval sets do): the slot finds the state from its operands, the
 * loop already has it, so the loop calls the operator's body with its own state instead of
 * paying a search per element. */
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject_HEAD
    double lo, hi;
} SpanObject;

static PyTypeObject Span_Type;

#define Span_Check(op) PyObject_TypeCheck(op, &Span_Type)

static PyObject *
span_make(double lo, double hi)
{
    SpanObject *s = PyObject_New(SpanObject, &Span_Type);
    if (s == NULL)
        return NULL;
    s->lo = lo;
    s->hi = hi;
    return (PyObject *)s;
}

static PyObject *
span_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    double lo, hi;
    SpanObject *s;

    if (!PyArg_ParseTuple(args, "dd", &lo, &hi))
        return NULL;
    if (hi < lo) {
        PyErr_SetString(PyExc_ValueError, "hi < lo");
        return NULL;
    }
    s = (SpanObject *)type->tp_alloc(type, 0);
    if (s == NULL)
        return NULL;
    s->lo = lo;
    s->hi = hi;
    return (PyObject *)s;
}

static void
span_dealloc(PyObject *self)
{
    Py_TYPE(self)->tp_free(self);
}

/* a | b: the smallest span that holds both */
static PyObject *
span_or(PyObject *a, PyObject *b)
{
    SpanObject *p = (SpanObject *)a, *q = (SpanObject *)b;

    if (!Span_Check(a) || !Span_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    return span_make(p->lo < q->lo ? p->lo : q->lo, p->hi > q->hi ? p->hi : q->hi);
}

static PyNumberMethods span_as_number = {
    .nb_or = span_or,
};

static PyMemberDef span_members[] = {
    {"lo", T_DOUBLE, offsetof(SpanObject, lo), READONLY, NULL},
    {"hi", T_DOUBLE, offsetof(SpanObject, hi), READONLY, NULL},
    {NULL}
};

static PyTypeObject Span_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spans.Span",
    .tp_basicsize = sizeof(SpanObject),
    .tp_dealloc = span_dealloc,
    .tp_as_number = &span_as_number,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Span(lo, hi)",
    .tp_members = span_members,
    .tp_new = span_new,
};

/* hull(seq): a | b | ... folded left to right, None for an empty sequence; what the operator
 * returns for a pair it does not know (NotImplemented) is passed on, as the operator gives it. */
static PyObject *
spans_hull(PyObject *module, PyObject *seq)
{
    PyObject *fast = PySequence_Fast(seq, "hull() needs a sequence"), *acc;
    Py_ssize_t i, n;

    if (fast == NULL)
        return NULL;
    n = PySequence_Fast_GET_SIZE(fast);
    if (n == 0) {
        Py_DECREF(fast);
        Py_RETURN_NONE;
    }
    acc = PySequence_Fast_GET_ITEM(fast, 0);
    Py_INCREF(acc);
    for (i = 1; i < n && acc != NULL; i++)
        Py_SETREF(acc, span_or(acc, PySequence_Fast_GET_ITEM(fast, i)));
    Py_DECREF(fast);
    return acc;
}

/* One pair, through a helper that has nothing of the module at hand: it keeps calling the
 * operator itself, which finds the state from its operands. */
static PyObject *
span_pair_hull(PyObject *a, PyObject *b)
{
    return span_or(a, b);
}

static PyObject *
spans_pair(PyObject *module, PyObject *args)
{
    PyObject *a, *b;

    if (!PyArg_ParseTuple(args, "OO:pair", &a, &b))
        return NULL;
    return span_pair_hull(a, b);
}

static PyMethodDef spans_methods[] = {
    {"hull", spans_hull, METH_O, "hull(seq)"},
    {"pair", spans_pair, METH_VARARGS, "pair(a, b)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef spans_module = {
    PyModuleDef_HEAD_INIT, "spans", NULL, -1, spans_methods,
};

PyMODINIT_FUNC
PyInit_spans(void)
{
    PyObject *m;

    if (PyType_Ready(&Span_Type) < 0)
        return NULL;
    m = PyModule_Create(&spans_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Span_Type);
    if (PyModule_AddObject(m, "Span", (PyObject *)&Span_Type) < 0) {
        Py_DECREF(&Span_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
