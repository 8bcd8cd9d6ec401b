/* The Counter type: counts up to a limit, then raises tally.Overflow. */
#include "tally.h"

typedef struct {
    PyObject_HEAD
    long value;
    long limit;
} CounterObject;

static int
counter_init(CounterObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"limit", NULL};
    self->limit = 10;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|l:Counter", kwlist, &self->limit))
        return -1;
    self->value = 0;
    return 0;
}

static PyObject *
counter_bump(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    if (self->value >= self->limit) {
        PyErr_Format(TallyOverflow, "counter reached its limit %ld", self->limit);
        return NULL;
    }
    return PyLong_FromLong(++self->value);
}

static PyMethodDef counter_methods[] = {
    {"bump", (PyCFunction)counter_bump, METH_NOARGS, "Count one more."},
    {NULL, NULL, 0, NULL}
};

PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "tally.Counter",                /* tp_name */
    sizeof(CounterObject),          /* tp_basicsize */
    0,                              /* tp_itemsize */
    0,                              /* tp_dealloc */
    0,                              /* tp_vectorcall_offset */
    0,                              /* tp_getattr */
    0,                              /* tp_setattr */
    0,                              /* tp_as_async */
    0,                              /* tp_repr */
    0,                              /* tp_as_number */
    0,                              /* tp_as_sequence */
    0,                              /* tp_as_mapping */
    0,                              /* tp_hash */
    0,                              /* tp_call */
    0,                              /* tp_str */
    0,                              /* tp_getattro */
    0,                              /* tp_setattro */
    0,                              /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,             /* tp_flags */
    "Counter(limit=10)",            /* tp_doc */
    0,                              /* tp_traverse */
    0,                              /* tp_clear */
    0,                              /* tp_richcompare */
    0,                              /* tp_weaklistoffset */
    0,                              /* tp_iter */
    0,                              /* tp_iternext */
    counter_methods,                /* tp_methods */
    0,                              /* tp_members */
    0,                              /* tp_getset */
    0,                              /* tp_base */
    0,                              /* tp_dict */
    0,                              /* tp_descr_get */
    0,                              /* tp_descr_set */
    0,                              /* tp_dictoffset */
    (initproc)counter_init,         /* tp_init */
    0,                              /* tp_alloc */
    PyType_GenericNew,              /* tp_new */
};
