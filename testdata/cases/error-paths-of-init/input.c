/* An init whose error paths release what it made so far, in the ways real modules do: the
 * reference a failed PyModule_AddObject did not take, types added earlier (harmless on static
 * types, a double free on state-owned heap types), an exception added without a Py_INCREF, and
 * the XINCREF/XDECREF/CLEAR idiom of the extending tutorial. Each path is taken when an
 * allocation fails during the import. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    Py_ssize_t total;
} TallyObject;

static PyObject *OomError;
static PyObject *ParseError;
static PyObject *str_total;

static PyObject *
Tally_add(TallyObject *self, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    if (n == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (n < 0) {
        PyErr_SetString(ParseError, "negative amount");
        return NULL;
    }
    self->total += n;
    return PyLong_FromSsize_t(self->total);
}

static PyObject *
Tally_as_dict(TallyObject *self, PyObject *unused)
{
    PyObject *d = PyDict_New();
    PyObject *v;
    if (d == NULL) {
        return NULL;
    }
    v = PyLong_FromSsize_t(self->total);
    if (v == NULL || PyDict_SetItem(d, str_total, v) < 0) {
        Py_XDECREF(v);
        Py_DECREF(d);
        return NULL;
    }
    Py_DECREF(v);
    return d;
}

static PyMethodDef Tally_methods[] = {
    {"add", (PyCFunction)Tally_add, METH_O, "Add a non-negative amount."},
    {"as_dict", (PyCFunction)Tally_as_dict, METH_NOARGS, "The total as a dict."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject TallyType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "oompaths.Tally",
    .tp_basicsize = sizeof(TallyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A running total.",
    .tp_methods = Tally_methods,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject MarkerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "oompaths.Marker",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A marker.",
    .tp_new = PyType_GenericNew,
};

static PyObject *
oompaths_fail(PyObject *module, PyObject *unused)
{
    PyErr_SetString(OomError, "asked to fail");
    return NULL;
}

static PyMethodDef oompaths_methods[] = {
    {"fail", oompaths_fail, METH_NOARGS, "Raise OomError."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef oompaths_module = {
    PyModuleDef_HEAD_INIT,
    "oompaths",
    "Error paths of an init under allocation failure.",
    -1,
    oompaths_methods,
};

PyMODINIT_FUNC
PyInit_oompaths(void)
{
    PyObject *m;

    if (PyType_Ready(&TallyType) < 0)
        return NULL;
    m = PyModule_Create(&oompaths_module);
    if (m == NULL)
        return NULL;

    Py_INCREF(&TallyType);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&TallyType) < 0) {
        Py_DECREF(&TallyType);
        Py_DECREF(m);
        return NULL;
    }
    if (PyType_Ready(&MarkerType) < 0) {
        Py_DECREF(&TallyType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&MarkerType);
    if (PyModule_AddObject(m, "Marker", (PyObject *)&MarkerType) < 0) {
        Py_DECREF(&TallyType);
        Py_DECREF(&MarkerType);
        Py_DECREF(m);
        return NULL;
    }

    OomError = PyErr_NewException("oompaths.OomError", NULL, NULL);
    if (OomError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddObject(m, "OomError", OomError) < 0) {
        Py_DECREF(OomError);
        Py_DECREF(m);
        return NULL;
    }

    ParseError = PyErr_NewException("oompaths.ParseError", PyExc_ValueError, NULL);
    Py_XINCREF(ParseError);
    if (PyModule_AddObject(m, "ParseError", ParseError) < 0) {
        Py_XDECREF(ParseError);
        Py_CLEAR(ParseError);
        Py_DECREF(m);
        return NULL;
    }

    str_total = PyUnicode_InternFromString("total");
    if (str_total == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
