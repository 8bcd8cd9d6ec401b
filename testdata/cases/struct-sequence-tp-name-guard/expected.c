/* Struct sequence types that guard their own fill with their tp_name (filled once per process). */
#include <Python.h>
#include <structseq.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *PairType; /* was: static PyTypeObject PairType */
    PyTypeObject *SpanType; /* was: static PyTypeObject SpanType */
} seqguard_state;

static inline seqguard_state *
get_seqguard_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (seqguard_state *)state;
}

static int
seqguard_traverse(PyObject *module, visitproc visit, void *arg)
{
    seqguard_state *st = get_seqguard_state(module);
    Py_VISIT(st->PairType);
    Py_VISIT(st->SpanType);
    return 0;
}

static int
seqguard_clear(PyObject *module)
{
    seqguard_state *st = get_seqguard_state(module);
    Py_CLEAR(st->PairType);
    Py_CLEAR(st->SpanType);
    return 0;
}

static void
seqguard_free(void *module)
{
    (void)seqguard_clear((PyObject *)module);
}

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
    seqguard_state *st = get_seqguard_state(self);
    return make(st->PairType, args);
}

static PyObject *
make_span(PyObject *self, PyObject *args)
{
    seqguard_state *st = get_seqguard_state(self);
    return make(st->SpanType, args);
}

static PyMethodDef seqguard_methods[] = {
    {"make_pair", make_pair, METH_VARARGS, NULL},
    {"make_span", make_span, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int seqguard_exec(PyObject *m);

static PyModuleDef_Slot seqguard_slots[] = {
    {Py_mod_exec, (void *)seqguard_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef seqguardmodule = {
    PyModuleDef_HEAD_INIT, "seqguard", NULL, sizeof(seqguard_state), seqguard_methods,
    seqguard_slots,
    seqguard_traverse,
    seqguard_clear,
    seqguard_free
};

static int
seqguard_exec(PyObject *m)
{
    seqguard_state *st = get_seqguard_state(m);
    {
        st->PairType = PyStructSequence_NewType(&pair_desc);
        if (st->PairType == NULL) {
            if (!PyErr_Occurred()) {
                /* CPython (3.12, 3.13) loses the error when it cannot copy the
                 * type's name */
                PyErr_NoMemory();
            }
            return -1;
        }
        Py_INCREF(st->PairType);
        if (PyModule_AddObject(m, "pair", (PyObject *)st->PairType) < 0) {
            Py_DECREF(st->PairType);
            return -1;
        }
    }
    {
        st->SpanType = PyStructSequence_NewType(&span_desc);
        if (st->SpanType == NULL && !PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the
             * type's name */
            PyErr_NoMemory();
        }
        if (st->SpanType == NULL)
            return -1;
        Py_INCREF(st->SpanType);
        if (PyModule_AddObject(m, "span", (PyObject *)st->SpanType) < 0) {
            Py_DECREF(st->SpanType);
            return -1;
        }
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_seqguard(void)
{
    return PyModuleDef_Init(&seqguardmodule);
}
