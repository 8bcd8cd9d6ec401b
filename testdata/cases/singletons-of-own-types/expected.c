/*
 * sentinels: a "missing" default that is not None, and an end-of-stream
 * marker, each the one instance of its own small type.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
} MarkerObject;

/* --- Missing --------------------------------------------------------- */

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    MarkerObject *MissingStruct; /* was: static MarkerObject MissingStruct */
    MarkerObject *EndMarker;     /* was: static MarkerObject EndMarker */
    PyTypeObject *Missing_Type;  /* was: static PyTypeObject Missing_Type */
    PyTypeObject *Marker_Type;   /* was: static PyTypeObject Marker_Type */
} sentinels_state;

static inline sentinels_state *
get_sentinels_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (sentinels_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline sentinels_state *
sentinels_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (sentinels_state *)state;
}

static int
sentinels_traverse(PyObject *module, visitproc visit, void *arg)
{
    sentinels_state *st = get_sentinels_state(module);
    Py_VISIT(st->MissingStruct);
    Py_VISIT(st->EndMarker);
    Py_VISIT(st->Missing_Type);
    Py_VISIT(st->Marker_Type);
    return 0;
}

static int
sentinels_clear(PyObject *module)
{
    sentinels_state *st = get_sentinels_state(module);
    Py_CLEAR(st->MissingStruct);
    Py_CLEAR(st->EndMarker);
    Py_CLEAR(st->Missing_Type);
    Py_CLEAR(st->Marker_Type);
    return 0;
}

static void
sentinels_free(void *module)
{
    (void)sentinels_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
sentinels_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                      int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL) {
            return -1;
        }
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

#define Missing(st) ((PyObject *)st->MissingStruct)

static PyObject *
missing_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    sentinels_state *st = sentinels_get_state_of_type(type);

    if (PyTuple_GET_SIZE(args) != 0 || (kwargs != NULL && PyDict_GET_SIZE(kwargs) != 0)) {
        PyErr_SetString(PyExc_TypeError, "MissingType takes no arguments");
        return NULL;
    }
    Py_INCREF(Missing(st));
    return Missing(st);
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Missing_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Missing_slots[] = {
    {Py_tp_repr, (void *)missing_repr},
    {Py_nb_bool, (void *)missing_bool},
    {Py_tp_traverse, (void *)Missing_traverse},
    {Py_tp_new, (void *)missing_new},
    {0, NULL},
};

static PyType_Spec Missing_spec = {
    .name = "sentinels.MissingType",
    .basicsize = sizeof(PyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Missing_slots,
};

/* --- end of stream ---------------------------------------------------- */

static PyObject *
marker_repr(PyObject *self)
{
    return PyUnicode_FromString("<end of stream>");
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Marker_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Marker_slots[] = {
    {Py_tp_repr, (void *)marker_repr},
    {Py_tp_traverse, (void *)Marker_traverse},
    {0, NULL},
};

static PyType_Spec Marker_spec = {
    .name = "sentinels.EndOfStream",
    .basicsize = sizeof(MarkerObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Marker_slots,
};

/* --- functions -------------------------------------------------------- */

static PyObject *
sentinels_lookup(PyObject *self, PyObject *args)
{
    sentinels_state *st = get_sentinels_state(self);
    PyObject *mapping, *key, *fallback = Missing(st);
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
    sentinels_state *st = get_sentinels_state(self);

    return PyBool_FromLong(obj == Missing(st));
}

/* The items of a list, then the end marker: what a reader hands out. */
static PyObject *
sentinels_stream(PyObject *self, PyObject *items)
{
    sentinels_state *st = get_sentinels_state(self);
    PyObject *out;

    out = PySequence_List(items);
    if (out == NULL) {
        return NULL;
    }
    if (PyList_Append(out, (PyObject *)st->EndMarker) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyObject *
sentinels_count_until_end(PyObject *self, PyObject *items)
{
    sentinels_state *st = get_sentinels_state(self);
    Py_ssize_t i, n;

    n = PyList_GET_SIZE(items);
    for (i = 0; i < n; i++) {
        if (PyList_GET_ITEM(items, i) == (PyObject *)st->EndMarker) {
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

static int sentinels_exec(PyObject *m);

static PyModuleDef_Slot sentinels_slots[] = {
    {Py_mod_exec, (void *)sentinels_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef sentinelsmodule = {
    PyModuleDef_HEAD_INIT,
    "sentinels",
    "Sentinel objects.",
    sizeof(sentinels_state),
    sentinels_methods,
    sentinels_slots,
    sentinels_traverse,
    sentinels_clear,
    sentinels_free
};

static int
sentinels_exec(PyObject *m)
{
    sentinels_state *st = get_sentinels_state(m);

    if (sentinels_create_type(m, &Missing_spec, NULL, &st->Missing_Type, 0) < 0) {
        return -1;
    }
    st->MissingStruct = (MarkerObject *)PyType_GenericAlloc(st->Missing_Type, 0);
    if (st->MissingStruct == NULL) {
        return -1;
    }
    if (sentinels_create_type(m, &Marker_spec, NULL, &st->Marker_Type, 1) < 0) {
        return -1;
    }
    st->EndMarker = (MarkerObject *)PyType_GenericAlloc(st->Marker_Type, 0);
    if (st->EndMarker == NULL) {
        return -1;
    }
    Py_INCREF(Missing(st));
    if (PyModule_AddObject(m, "Missing", Missing(st)) < 0) {
        Py_DECREF(Missing(st));
        return -1;
    }
    Py_INCREF(st->EndMarker);
    if (PyModule_AddObject(m, "END", (PyObject *)st->EndMarker) < 0) {
        Py_DECREF(st->EndMarker);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_sentinels(void)
{
    return PyModuleDef_Init(&sentinelsmodule);
}
