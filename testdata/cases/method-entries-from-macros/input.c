/* A module whose method tables are written with object-like macros: Argument
 * Clinic's METHODDEF entries (from entries.c.h) and hand-written FUNC_DEF ones. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *ParseError = NULL;
static PyObject *LimitError = NULL;

typedef struct {
    PyObject_HEAD
    long value;
    long limit;
} CounterObject;

#include "entries.c.h"

static int
check_digits(PyObject *text)
{
    Py_ssize_t i, n = PyUnicode_GET_LENGTH(text);

    for (i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(text, i);
        if (c < '0' || c > '9') {
            PyErr_Format(ParseError, "not a digit at %zd", i);
            return -1;
        }
    }
    return 0;
}

static PyObject *
entries_parse_impl(PyObject *module, PyObject *text)
{
    if (check_digits(text) < 0)
        return NULL;
    return PyLong_FromUnicodeObject(text, 10);
}

PyDoc_STRVAR(entries_fail__doc__, "fail() -> always raises ParseError");
#define FUNC_DEF_FAIL {"fail", (PyCFunction)entries_fail, METH_NOARGS, entries_fail__doc__}

static PyObject *
entries_fail(PyObject *module, PyObject *unused)
{
    PyErr_SetString(ParseError, "always");
    return NULL;
}

static PyObject *
Counter_bump_impl(CounterObject *self)
{
    if (self->value >= self->limit) {
        PyErr_Format(LimitError, "limit %ld reached", self->limit);
        return NULL;
    }
    self->value++;
    return PyLong_FromLong(self->value);
}

static PyObject *
Counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long limit = 3;
    CounterObject *self;

    if (!PyArg_ParseTuple(args, "|l:Counter", &limit))
        return NULL;
    self = (CounterObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->value = 0;
    self->limit = limit;
    return (PyObject *)self;
}

static PyMethodDef Counter_methods[] = {
    COUNTER_BUMP_METHODDEF
    {NULL, NULL, 0, NULL}
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "entries.Counter",
    sizeof(CounterObject),
    0,
    0,                                          /* tp_dealloc */
    0,                                          /* tp_vectorcall_offset */
    0,                                          /* tp_getattr */
    0,                                          /* tp_setattr */
    0,                                          /* tp_as_async */
    0,                                          /* tp_repr */
    0,                                          /* tp_as_number */
    0,                                          /* tp_as_sequence */
    0,                                          /* tp_as_mapping */
    0,                                          /* tp_hash */
    0,                                          /* tp_call */
    0,                                          /* tp_str */
    0,                                          /* tp_getattro */
    0,                                          /* tp_setattro */
    0,                                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,                         /* tp_flags */
    "Counts up to a limit.",                    /* tp_doc */
    0,                                          /* tp_traverse */
    0,                                          /* tp_clear */
    0,                                          /* tp_richcompare */
    0,                                          /* tp_weaklistoffset */
    0,                                          /* tp_iter */
    0,                                          /* tp_iternext */
    Counter_methods,                            /* tp_methods */
    0,                                          /* tp_members */
    0,                                          /* tp_getset */
    0,                                          /* tp_base */
    0,                                          /* tp_dict */
    0,                                          /* tp_descr_get */
    0,                                          /* tp_descr_set */
    0,                                          /* tp_dictoffset */
    0,                                          /* tp_init */
    0,                                          /* tp_alloc */
    Counter_new,                                /* tp_new */
};

static PyMethodDef entries_methods[] = {
    ENTRIES_PARSE_METHODDEF
    FUNC_DEF_FAIL,
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef entriesmodule = {
    PyModuleDef_HEAD_INIT,
    "entries",
    "Method tables written with macros.",
    -1,
    entries_methods
};

PyMODINIT_FUNC
PyInit_entries(void)
{
    PyObject *m;

    if (PyType_Ready(&CounterType) < 0)
        return NULL;
    m = PyModule_Create(&entriesmodule);
    if (m == NULL)
        return NULL;
    ParseError = PyErr_NewException("entries.ParseError", PyExc_ValueError, NULL);
    if (ParseError == NULL)
        goto error;
    Py_INCREF(ParseError);
    if (PyModule_AddObject(m, "ParseError", ParseError) < 0) {
        Py_DECREF(ParseError);
        goto error;
    }
    LimitError = PyErr_NewException("entries.LimitError", NULL, NULL);
    if (LimitError == NULL)
        goto error;
    Py_INCREF(LimitError);
    if (PyModule_AddObject(m, "LimitError", LimitError) < 0) {
        Py_DECREF(LimitError);
        goto error;
    }
    Py_INCREF(&CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        goto error;
    }
    return m;

error:
    Py_DECREF(m);
    return NULL;
}
