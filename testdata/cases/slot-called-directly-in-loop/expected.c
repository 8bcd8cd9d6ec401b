/* A binary operator that C code of the module also calls directly, in a loop (a fold over a
 * sequence, as canvases and interval sets do): the slot finds the state from its operands, the
 * loop already has it, so the loop calls the operator's body with its own state instead of
 * paying a search per element. */
#include <Python.h>
#include <structmember.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    double lo, hi;
} SpanObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Span_Type; /* was: static PyTypeObject Span_Type */
} spans_state;

static struct PyModuleDef spans_module;

static inline spans_state *
get_spans_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (spans_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline spans_state *
spans_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &spans_module);
    return module == NULL ? NULL : get_spans_state(module);
}

/* For binary number slots: the state of whichever operand is of this module's types (either may
 * be; a static type such as int never is, so it is not searched). */
static inline spans_state *
spans_get_state_by_types(PyTypeObject *left, PyTypeObject *right)
{
    PyObject *module = NULL;
    if (PyType_HasFeature(left, Py_TPFLAGS_HEAPTYPE)) {
        module = PyType_GetModuleByDef(left, &spans_module);
        if (module == NULL)
            PyErr_Clear();
    }
    if (module == NULL) {
        module = PyType_GetModuleByDef(right, &spans_module);
        if (module == NULL)
            return NULL;
    }
    return get_spans_state(module);
}

static int
spans_traverse(PyObject *module, visitproc visit, void *arg)
{
    spans_state *st = get_spans_state(module);
    Py_VISIT(st->Span_Type);
    return 0;
}

static int
spans_clear(PyObject *module)
{
    spans_state *st = get_spans_state(module);
    Py_CLEAR(st->Span_Type);
    return 0;
}

static void
spans_free(void *module)
{
    (void)spans_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
spans_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

/* Only Span_Type and its subtypes have span_dealloc: an exact instance is
 * told without the module state, which a subtype's instance needs. */
#define Span_Check(st, op) \
    (Py_TYPE(op)->tp_dealloc == (destructor)span_dealloc \
     || PyObject_TypeCheck(op, st->Span_Type))

static PyObject *
span_make(spans_state *st, double lo, double hi)
{
    SpanObject *s = PyObject_GC_New(SpanObject, st->Span_Type);
    if (s == NULL)
        return NULL;
    s->lo = lo;
    s->hi = hi;
    PyObject_GC_Track((PyObject *)s);
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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_TYPE(self)->tp_free(self);
    Py_DECREF(tp);
}

/* a | b: the smallest span that holds both */
static PyObject *
span_or_impl(spans_state *st, PyObject *a, PyObject *b)
{
    SpanObject *p = (SpanObject *)a, *q = (SpanObject *)b;

    if (!Span_Check(st, a) || !Span_Check(st, b))
        Py_RETURN_NOTIMPLEMENTED;
    return span_make(st, p->lo < q->lo ? p->lo : q->lo, p->hi > q->hi ? p->hi : q->hi);
}

static PyObject *
span_or(PyObject *a, PyObject *b)
{
    spans_state *st = spans_get_state_by_types(Py_TYPE(a), Py_TYPE(b));
    if (st == NULL)
        return NULL;
    return span_or_impl(st, a, b);
}

static PyMemberDef span_members[] = {
    {"lo", T_DOUBLE, offsetof(SpanObject, lo), READONLY, NULL},
    {"hi", T_DOUBLE, offsetof(SpanObject, hi), READONLY, NULL},
    {NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Span_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Span_slots[] = {
    {Py_tp_dealloc, (void *)span_dealloc},
    {Py_nb_or, (void *)span_or},
    {Py_tp_doc, (void *)"Span(lo, hi)"},
    {Py_tp_traverse, (void *)Span_traverse},
    {Py_tp_members, (void *)span_members},
    {Py_tp_new, (void *)span_new},
    {0, NULL},
};

static PyType_Spec Span_spec = {
    .name = "spans.Span",
    .basicsize = sizeof(SpanObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Span_slots,
};

/* hull(seq): a | b | ... folded left to right, None for an empty sequence; what the operator
 * returns for a pair it does not know (NotImplemented) is passed on, as the operator gives it. */
static PyObject *
spans_hull(PyObject *module, PyObject *seq)
{
    spans_state *st = get_spans_state(module);
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
        Py_SETREF(acc, span_or_impl(st, acc, PySequence_Fast_GET_ITEM(fast, i)));
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

static int spans_exec(PyObject *m);

static PyModuleDef_Slot spans_slots[] = {
    {Py_mod_exec, (void *)spans_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef spans_module = {
    PyModuleDef_HEAD_INIT, "spans", NULL, sizeof(spans_state), spans_methods,
    spans_slots,
    spans_traverse,
    spans_clear,
    spans_free,
};

static int
spans_exec(PyObject *m)
{
    spans_state *st = get_spans_state(m);

    if (spans_create_type(m, &Span_spec, NULL, &st->Span_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Span_Type);
    if (PyModule_AddObject(m, "Span", (PyObject *)st->Span_Type) < 0) {
        Py_DECREF(st->Span_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_spans(void)
{
    return PyModuleDef_Init(&spans_module);
}
