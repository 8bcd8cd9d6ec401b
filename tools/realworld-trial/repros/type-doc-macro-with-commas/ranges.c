/* A static type whose tp_doc is an object-like macro: one string literal, continued over several
 * lines with backslash-newlines, with commas and an `=` in its text. It stands for one field. */
#include <Python.h>

#define DOC_RANGE_TYPE \
"Range(lo, hi) - a closed interval of integers.\n\
\n\
Operations: r & s intersects, len(r) counts, x in r tests.\n\
Empty ranges, where lo = hi + 1, are allowed.\n"

typedef struct {
    PyObject_HEAD
    long lo, hi;
} RangeObject;

static PyTypeObject Range_Type;

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

static PyNumberMethods Range_as_number = {
    .nb_and = Range_and,
};

static PySequenceMethods Range_as_sequence = {
    .sq_length = Range_len,
    .sq_contains = Range_contains,
};

static PyTypeObject Range_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "ranges.Range",                  /* tp_name */
    sizeof(RangeObject),             /* tp_basicsize */
    0,                               /* tp_itemsize */
    0,                               /* tp_dealloc */
    0,                               /* tp_vectorcall_offset */
    0,                               /* tp_getattr */
    0,                               /* tp_setattr */
    0,                               /* tp_as_async */
    Range_repr,                      /* tp_repr */
    &Range_as_number,                /* tp_as_number */
    &Range_as_sequence,              /* tp_as_sequence */
    0,                               /* tp_as_mapping */
    0,                               /* tp_hash */
    0,                               /* tp_call */
    0,                               /* tp_str */
    0,                               /* tp_getattro */
    0,                               /* tp_setattro */
    0,                               /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, /* tp_flags */
    DOC_RANGE_TYPE,                  /* tp_doc */
    0,                               /* tp_traverse */
    0,                               /* tp_clear */
    0,                               /* tp_richcompare */
    0,                               /* tp_weaklistoffset */
    0,                               /* tp_iter */
    0,                               /* tp_iternext */
    0,                               /* tp_methods */
    0,                               /* tp_members */
    0,                               /* tp_getset */
    0,                               /* tp_base */
    0,                               /* tp_dict */
    0,                               /* tp_descr_get */
    0,                               /* tp_descr_set */
    0,                               /* tp_dictoffset */
    0,                               /* tp_init */
    0,                               /* tp_alloc */
    Range_new,                       /* tp_new */
};

static struct PyModuleDef ranges_module = {
    PyModuleDef_HEAD_INIT,
    "ranges",
    "Closed integer intervals.",
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_ranges(void)
{
    PyObject *m;
    if (PyType_Ready(&Range_Type) < 0)
        return NULL;
    m = PyModule_Create(&ranges_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Range_Type);
    if (PyModule_AddObject(m, "Range", (PyObject *)&Range_Type) < 0) {
        Py_DECREF(&Range_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
