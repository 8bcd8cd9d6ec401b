/* pairrow: a read-only row of (name, value) pairs, indexable by position and by name. Its type
 * is written out field by field with zeros, and its setup function fills in the constructor
 * and the sequence and mapping suites before readying it, as older database modules do. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *names;    /* tuple of str */
    PyObject *values;   /* tuple */
} RowObject;

static PyObject *
row_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *names, *values;
    RowObject *self;

    if (!PyArg_ParseTuple(args, "O!O!:Row", &PyTuple_Type, &names, &PyTuple_Type, &values))
        return NULL;
    if (PyTuple_GET_SIZE(names) != PyTuple_GET_SIZE(values)) {
        PyErr_SetString(PyExc_ValueError, "names and values differ in length");
        return NULL;
    }
    self = (RowObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(names);
    self->names = names;
    Py_INCREF(values);
    self->values = values;
    return (PyObject *)self;
}

static void
row_dealloc(RowObject *self)
{
    Py_XDECREF(self->names);
    Py_XDECREF(self->values);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static Py_ssize_t
row_length(RowObject *self)
{
    return PyTuple_GET_SIZE(self->values);
}

static PyObject *
row_item(RowObject *self, Py_ssize_t i)
{
    PyObject *item;
    if (i < 0 || i >= PyTuple_GET_SIZE(self->values)) {
        PyErr_SetString(PyExc_IndexError, "row index out of range");
        return NULL;
    }
    item = PyTuple_GET_ITEM(self->values, i);
    Py_INCREF(item);
    return item;
}

static PyObject *
row_subscript(RowObject *self, PyObject *key)
{
    Py_ssize_t i, n;
    if (PyLong_Check(key)) {
        i = PyLong_AsSsize_t(key);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        if (i < 0)
            i += PyTuple_GET_SIZE(self->values);
        return row_item(self, i);
    }
    n = PyTuple_GET_SIZE(self->names);
    for (i = 0; i < n; i++) {
        int eq = PyObject_RichCompareBool(PyTuple_GET_ITEM(self->names, i), key, Py_EQ);
        if (eq < 0)
            return NULL;
        if (eq)
            return row_item(self, i);
    }
    PyErr_SetObject(PyExc_KeyError, key);
    return NULL;
}

static PyMappingMethods row_as_mapping = {
    (lenfunc)row_length,            /* mp_length */
    (binaryfunc)row_subscript,      /* mp_subscript */
    0,                              /* mp_ass_subscript */
};

static PySequenceMethods row_as_sequence = {
    (lenfunc)row_length,            /* sq_length */
    0,                              /* sq_concat */
    0,                              /* sq_repeat */
    (ssizeargfunc)row_item,         /* sq_item */
};

static PyTypeObject RowType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "pairrow.Row",                  /* tp_name */
    sizeof(RowObject),              /* tp_basicsize */
    0,                              /* tp_itemsize */
    (destructor)row_dealloc,        /* tp_dealloc */
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
    "Row(names, values)",           /* tp_doc */
};

static int
row_setup_type(void)
{
    RowType.tp_new = row_new;
    RowType.tp_as_mapping = &row_as_mapping;
    RowType.tp_as_sequence = &row_as_sequence;
    return PyType_Ready(&RowType);
}

static PyModuleDef pairrow_module = {
    PyModuleDef_HEAD_INIT,
    "pairrow",
    "Rows of named values.",
    -1,
    NULL
};

PyMODINIT_FUNC
PyInit_pairrow(void)
{
    PyObject *m;

    if (row_setup_type() < 0)
        return NULL;
    m = PyModule_Create(&pairrow_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&RowType);
    if (PyModule_AddObject(m, "Row", (PyObject *)&RowType) < 0) {
        Py_DECREF(&RowType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
