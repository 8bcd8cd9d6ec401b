/*
 * sentinels: a "missing" default that is not None, and an end-of-stream
 * marker, each the one instance of its own small type.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
} MarkerObject;

/* --- Missing --------------------------------------------------------- */

static PyTypeObject Missing_Type;

static MarkerObject MissingStruct = {
    PyObject_HEAD_INIT(&Missing_Type)
};
#define Missing ((PyObject *)&MissingStruct)

static PyObject *
missing_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    if (PyTuple_GET_SIZE(args) != 0 || (kwargs != NULL && PyDict_GET_SIZE(kwargs) != 0)) {
        PyErr_SetString(PyExc_TypeError, "MissingType takes no arguments");
        return NULL;
    }
    Py_INCREF(Missing);
    return Missing;
}

static PyObject *
missing_repr(PyObject *self)
{
    return PyUnicode_FromString("<missing>");
}

static int
missing_bool(PyObject *self)
{
    return 0;
}

static PyNumberMethods missing_as_number = {
    .nb_bool = missing_bool,
};

static PyTypeObject Missing_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sentinels.MissingType",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = missing_new,
    .tp_repr = missing_repr,
    .tp_as_number = &missing_as_number,
};

/* --- end of stream ---------------------------------------------------- */

static PyObject *
marker_repr(PyObject *self)
{
    return PyUnicode_FromString("<end of stream>");
}

static PyTypeObject Marker_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "sentinels.EndOfStream",
    .tp_basicsize = sizeof(MarkerObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_repr = marker_repr,
};

static MarkerObject EndMarker = {
    PyObject_HEAD_INIT(&Marker_Type)
};

/* --- functions -------------------------------------------------------- */

static PyObject *
sentinels_lookup(PyObject *self, PyObject *args)
{
    PyObject *mapping, *key, *fallback = Missing;
    PyObject *value;

    if (!PyArg_ParseTuple(args, "O!O|O", &PyDict_Type, &mapping, &key, &fallback)) {
        return NULL;
    }
    value = PyDict_GetItemWithError(mapping, key);
    if (value == NULL) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        value = fallback;
    }
    Py_INCREF(value);
    return value;
}

static PyObject *
sentinels_is_missing(PyObject *self, PyObject *obj)
{
    return PyBool_FromLong(obj == Missing);
}

/* The items of a list, then the end marker: what a reader hands out. */
static PyObject *
sentinels_stream(PyObject *self, PyObject *items)
{
    PyObject *out;

    out = PySequence_List(items);
    if (out == NULL) {
        return NULL;
    }
    if (PyList_Append(out, (PyObject *)&EndMarker) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyObject *
sentinels_count_until_end(PyObject *self, PyObject *items)
{
    Py_ssize_t i, n;

    n = PyList_GET_SIZE(items);
    for (i = 0; i < n; i++) {
        if (PyList_GET_ITEM(items, i) == (PyObject *)&EndMarker) {
            return PyLong_FromSsize_t(i);
        }
    }
    PyErr_SetString(PyExc_ValueError, "no end marker");
    return NULL;
}

static PyMethodDef sentinels_methods[] = {
    {"lookup", sentinels_lookup, METH_VARARGS, "lookup(d, key[, default]) -> value or Missing"},
    {"is_missing", sentinels_is_missing, METH_O, "Whether obj is Missing."},
    {"stream", sentinels_stream, METH_O, "The items, then the end marker."},
    {"count_until_end", sentinels_count_until_end, METH_O, "Items before the end marker."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef sentinelsmodule = {
    PyModuleDef_HEAD_INIT,
    "sentinels",
    "Sentinel objects.",
    -1,
    sentinels_methods
};

PyMODINIT_FUNC
PyInit_sentinels(void)
{
    PyObject *m;

    if (PyType_Ready(&Missing_Type) < 0) {
        return NULL;
    }
    if (PyType_Ready(&Marker_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&sentinelsmodule);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(Missing);
    if (PyModule_AddObject(m, "Missing", Missing) < 0) {
        Py_DECREF(Missing);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&EndMarker);
    if (PyModule_AddObject(m, "END", (PyObject *)&EndMarker) < 0) {
        Py_DECREF(&EndMarker);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
