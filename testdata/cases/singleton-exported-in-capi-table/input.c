/*
 * nullval: a SQL-style NULL that is neither None nor False. Other C
 * extensions compare values with it by address through the C-API table
 * below (nullval_capi.h: `#define PyNullval_NULL ((PyObject *)PyNullval_API[0])`).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
null_repr(PyObject *self)
{
    return PyUnicode_FromString("NULL");
}

static int
null_bool(PyObject *self)
{
    return 0;
}

static PyObject *
null_richcompare(PyObject *self, PyObject *other, int op)
{
    /* NULL compares unknown (NULL) with everything, itself included. */
    if (op == Py_EQ || op == Py_NE) {
        Py_INCREF(self);
        return self;
    }
    Py_RETURN_NOTIMPLEMENTED;
}

static PyNumberMethods null_as_number = {
    .nb_bool = null_bool,
};

static PyTypeObject Null_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "nullval.NullType",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_repr = null_repr,
    .tp_as_number = &null_as_number,
    .tp_richcompare = null_richcompare,
};

static PyObject NullStruct = {
    .ob_refcnt = 1,
    .ob_type = &Null_Type,
};
#define Null (&NullStruct)

static int
nullval_is_null_impl(PyObject *obj)
{
    return obj == Null;
}

static void *PyNullval_API[] = {
    (void *)&NullStruct,
    (void *)nullval_is_null_impl,
};

static PyObject *
nullval_is_null(PyObject *self, PyObject *obj)
{
    return PyBool_FromLong(nullval_is_null_impl(obj));
}

static PyObject *
nullval_coalesce(PyObject *self, PyObject *args)
{
    Py_ssize_t i, n = PyTuple_GET_SIZE(args);

    for (i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(args, i);
        if (item != Null) {
            Py_INCREF(item);
            return item;
        }
    }
    Py_INCREF(Null);
    return Null;
}

static PyMethodDef nullval_methods[] = {
    {"is_null", nullval_is_null, METH_O, "Whether obj is NULL."},
    {"coalesce", nullval_coalesce, METH_VARARGS, "The first argument that is not NULL."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef nullvalmodule = {
    PyModuleDef_HEAD_INIT,
    "nullval",
    NULL,
    -1,
    nullval_methods
};

PyMODINIT_FUNC
PyInit_nullval(void)
{
    PyObject *m, *capi;

    if (PyType_Ready(&Null_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&nullvalmodule);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(Null);
    if (PyModule_AddObject(m, "NULL", Null) < 0) {
        Py_DECREF(Null);
        Py_DECREF(m);
        return NULL;
    }
    capi = PyCapsule_New((void *)PyNullval_API, "nullval._C_API", NULL);
    if (capi == NULL || PyModule_AddObject(m, "_C_API", capi) < 0) {
        Py_XDECREF(capi);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
