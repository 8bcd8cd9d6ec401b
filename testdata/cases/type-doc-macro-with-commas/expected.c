/* A static type whose tp_doc is an object-like macro: one string literal, continued over several
 * lines with backslash-newlines, with commas and an `=` in its text. It stands for one field. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#define DOC_RANGE_TYPE \
"Range(lo, hi) - a closed interval of integers.\n\
\n\
Operations: r & s intersects, len(r) counts, x in r tests.\n\
Empty ranges, where lo = hi + 1, are allowed.\n"

typedef struct {
    PyObject_HEAD
    long lo, hi;
} RangeObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Range_Type; /* was: static PyTypeObject Range_Type */
} ranges_state;

static inline ranges_state *
get_ranges_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (ranges_state *)state;
}

static int
ranges_traverse(PyObject *module, visitproc visit, void *arg)
{
    ranges_state *st = get_ranges_state(module);
    Py_VISIT(st->Range_Type);
    return 0;
}

static int
ranges_clear(PyObject *module)
{
    ranges_state *st = get_ranges_state(module);
    Py_CLEAR(st->Range_Type);
    return 0;
}

static void
ranges_free(void *module)
{
    (void)ranges_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
ranges_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static PyObject *
Range_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long lo, hi;
    RangeObject *self;
    if (!PyArg_ParseTuple(args, "ll", &lo, &hi))
        return NULL;
    if (hi < lo - 1) {
        PyErr_SetString(PyExc_ValueError, "hi must be at least lo - 1");
        return NULL;
    }
    self = (RangeObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->lo = lo;
    self->hi = hi;
    return (PyObject *)self;
}

static Py_ssize_t
Range_len(PyObject *self)
{
    RangeObject *r = (RangeObject *)self;
    return (Py_ssize_t)(r->hi - r->lo + 1);
}

static int
Range_contains(PyObject *self, PyObject *item)
{
    RangeObject *r = (RangeObject *)self;
    long v = PyLong_AsLong(item);
    if (v == -1 && PyErr_Occurred())
        return -1;
    return v >= r->lo && v <= r->hi;
}

static PyObject *
Range_and(PyObject *a, PyObject *b)
{
    RangeObject *x = (RangeObject *)a, *y = (RangeObject *)b;
    if (!PyObject_TypeCheck(a, Py_TYPE(b)) && !PyObject_TypeCheck(b, Py_TYPE(a)))
        Py_RETURN_NOTIMPLEMENTED;
    long lo = x->lo > y->lo ? x->lo : y->lo;
    long hi = x->hi < y->hi ? x->hi : y->hi;
    if (hi < lo - 1)
        hi = lo - 1;
    return PyObject_CallFunction((PyObject *)Py_TYPE(a), "ll", lo, hi);
}

static PyObject *
Range_repr(PyObject *self)
{
    RangeObject *r = (RangeObject *)self;
    return PyUnicode_FromFormat("Range(%ld, %ld)", r->lo, r->hi);
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Range_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Range_slots[] = {
    {Py_tp_repr, (void *)Range_repr},
    {Py_nb_and, (void *)Range_and},
    {Py_sq_length, (void *)Range_len},
    {Py_sq_contains, (void *)Range_contains},
    {Py_tp_doc, (void *)DOC_RANGE_TYPE},
    {Py_tp_traverse, (void *)Range_traverse},
    {Py_tp_new, (void *)Range_new},
    {0, NULL},
};

static PyType_Spec Range_spec = {
    .name = "ranges.Range",
    .basicsize = sizeof(RangeObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Range_slots,
};

static int ranges_exec(PyObject *m);

static PyModuleDef_Slot ranges_slots[] = {
    {Py_mod_exec, (void *)ranges_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef ranges_module = {
    PyModuleDef_HEAD_INIT,
    "ranges",
    "Closed integer intervals.",
    sizeof(ranges_state),
    NULL,
    ranges_slots,
    ranges_traverse,
    ranges_clear,
    ranges_free,
};

static int
ranges_exec(PyObject *m)
{
    ranges_state *st = get_ranges_state(m);
    if (ranges_create_type(m, &Range_spec, NULL, &st->Range_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Range_Type);
    if (PyModule_AddObject(m, "Range", (PyObject *)st->Range_Type) < 0) {
        Py_DECREF(st->Range_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_ranges(void)
{
    return PyModuleDef_Init(&ranges_module);
}
