/* A module whose spellings all come from its own header: the init head and module creation
 * (Python 2/3 macros), the head of its type, pragma macros around a switch, the storage class of
 * a helper, and the type check. The header's macros are read before this file is parsed, so all
 * of it converts. */
#include "tally.h"

static PyObject *
apply_op(TallyObject *self, tally_op op, long n)
{
    TALLY_SWITCH_BEGIN
    switch (op) {
    case TALLY_ADD:
        self->count += n;
        break;
    case TALLY_SUB:
        self->count -= n;
        break;
    default:
        self->count = 0;
        break;
    }
    TALLY_SWITCH_END
    return PyLong_FromLong(self->count);
}

static PyObject *
Tally_add(TallyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    return apply_op(self, TALLY_ADD, n);
}

static PyObject *
Tally_sub(TallyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    return apply_op(self, TALLY_SUB, n);
}

static PyObject *
Tally_reset(TallyObject *self, PyObject *Py_UNUSED(ignored))
{
    return apply_op(self, TALLY_RESET, 0);
}

static PyMethodDef Tally_methods[] = {
    {"add", (PyCFunction)Tally_add, METH_O, "Add n."},
    {"sub", (PyCFunction)Tally_sub, METH_O, "Subtract n."},
    {"reset", (PyCFunction)Tally_reset, METH_NOARGS, "Back to zero."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject TallyType = {
    TALLY_HEAD(NULL)
    "tally.Tally",                      /* tp_name */
    sizeof(TallyObject),                /* tp_basicsize */
    0,                                  /* tp_itemsize */
    0,                                  /* tp_dealloc */
    0,                                  /* tp_vectorcall_offset */
    0,                                  /* tp_getattr */
    0,                                  /* tp_setattr */
    0,                                  /* tp_as_async */
    0,                                  /* tp_repr */
    0,                                  /* tp_as_number */
    0,                                  /* tp_as_sequence */
    0,                                  /* tp_as_mapping */
    0,                                  /* tp_hash */
    0,                                  /* tp_call */
    0,                                  /* tp_str */
    0,                                  /* tp_getattro */
    0,                                  /* tp_setattro */
    0,                                  /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,                 /* tp_flags */
    "A running count.",                 /* tp_doc */
    0,                                  /* tp_traverse */
    0,                                  /* tp_clear */
    0,                                  /* tp_richcompare */
    0,                                  /* tp_weaklistoffset */
    0,                                  /* tp_iter */
    0,                                  /* tp_iternext */
    Tally_methods,                      /* tp_methods */
    0,                                  /* tp_members */
    0,                                  /* tp_getset */
    0,                                  /* tp_base */
    0,                                  /* tp_dict */
    0,                                  /* tp_descr_get */
    0,                                  /* tp_descr_set */
    0,                                  /* tp_dictoffset */
    0,                                  /* tp_init */
    0,                                  /* tp_alloc */
    PyType_GenericNew,                  /* tp_new */
};

TALLY_LOCAL int
is_tally(PyObject *obj)
{
    return Tally_Check(obj);
}

static PyObject *
tally_count_of(PyObject *module, PyObject *obj)
{
    if (!is_tally(obj)) {
        PyErr_SetString(PyExc_TypeError, "not a Tally");
        return NULL;
    }
    return PyLong_FromLong(((TallyObject *)obj)->count);
}

static PyMethodDef tally_methods[] = {
    {"count_of", tally_count_of, METH_O, "The count of a Tally."},
    {NULL, NULL, 0, NULL},
};

MOD_INIT(tally)
{
    PyObject *m;

    if (PyType_Ready(&TallyType) < 0)
        return MOD_ERROR_VAL;
    MOD_DEF(m, "tally", "Running counts.", tally_methods)
    if (m == NULL)
        return MOD_ERROR_VAL;
    Py_INCREF(&TallyType);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&TallyType) < 0) {
        Py_DECREF(&TallyType);
        return MOD_ERROR_VAL;
    }
    return MOD_SUCCESS_VAL(m);
}
