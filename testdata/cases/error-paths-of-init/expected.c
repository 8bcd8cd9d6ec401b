/* An init whose error paths release what it made so far, in the ways real modules do: the
 * reference a failed PyModule_AddObject did not take, types added earlier (harmless on static
 * types, a double free on state-owned heap types), an exception added without a Py_INCREF, and
 * the XINCREF/XDECREF/CLEAR idiom of the extending tutorial. Each path is taken when an
 * allocation fails during the import. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    Py_ssize_t total;
} TallyObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *OomError;       /* was: static PyObject *OomError */
    PyObject *ParseError;     /* was: static PyObject *ParseError */
    PyObject *str_total;      /* was: static PyObject *str_total */
    PyTypeObject *TallyType;  /* was: static PyTypeObject TallyType */
    PyTypeObject *MarkerType; /* was: static PyTypeObject MarkerType */
} oompaths_state;

static inline oompaths_state *
get_oompaths_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (oompaths_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline oompaths_state *
oompaths_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (oompaths_state *)state;
}

static int
oompaths_traverse(PyObject *module, visitproc visit, void *arg)
{
    oompaths_state *st = get_oompaths_state(module);
    Py_VISIT(st->OomError);
    Py_VISIT(st->ParseError);
    Py_VISIT(st->str_total);
    Py_VISIT(st->TallyType);
    Py_VISIT(st->MarkerType);
    return 0;
}

static int
oompaths_clear(PyObject *module)
{
    oompaths_state *st = get_oompaths_state(module);
    Py_CLEAR(st->OomError);
    Py_CLEAR(st->ParseError);
    Py_CLEAR(st->str_total);
    Py_CLEAR(st->TallyType);
    Py_CLEAR(st->MarkerType);
    return 0;
}

static void
oompaths_free(void *module)
{
    (void)oompaths_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
oompaths_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static PyObject *
Tally_add(TallyObject *self, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    if (n == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (n < 0) {
        oompaths_state *st = oompaths_get_state_of_type(Py_TYPE(self));
        PyErr_SetString(st->ParseError, "negative amount");
        return NULL;
    }
    self->total += n;
    return PyLong_FromSsize_t(self->total);
}

static PyObject *
Tally_as_dict(TallyObject *self, PyObject *unused)
{
    oompaths_state *st = oompaths_get_state_of_type(Py_TYPE(self));
    PyObject *d = PyDict_New();
    PyObject *v;
    if (d == NULL) {
        return NULL;
    }
    v = PyLong_FromSsize_t(self->total);
    if (v == NULL || PyDict_SetItem(d, st->str_total, v) < 0) {
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Tally_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Tally_slots[] = {
    {Py_tp_doc, (void *)"A running total."},
    {Py_tp_traverse, (void *)Tally_traverse},
    {Py_tp_methods, (void *)Tally_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Tally_spec = {
    .name = "oompaths.Tally",
    .basicsize = sizeof(TallyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tally_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Marker_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Marker_slots[] = {
    {Py_tp_doc, (void *)"A marker."},
    {Py_tp_traverse, (void *)Marker_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Marker_spec = {
    .name = "oompaths.Marker",
    .basicsize = sizeof(PyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Marker_slots,
};

static PyObject *
oompaths_fail(PyObject *module, PyObject *unused)
{
    oompaths_state *st = get_oompaths_state(module);
    PyErr_SetString(st->OomError, "asked to fail");
    return NULL;
}

static PyMethodDef oompaths_methods[] = {
    {"fail", oompaths_fail, METH_NOARGS, "Raise OomError."},
    {NULL, NULL, 0, NULL}
};

static int oompaths_exec(PyObject *m);

static PyModuleDef_Slot oompaths_slots[] = {
    {Py_mod_exec, (void *)oompaths_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef oompaths_module = {
    PyModuleDef_HEAD_INIT,
    "oompaths",
    "Error paths of an init under allocation failure.",
    sizeof(oompaths_state),
    oompaths_methods,
    oompaths_slots,
    oompaths_traverse,
    oompaths_clear,
    oompaths_free,
};

static int
oompaths_exec(PyObject *m)
{
    oompaths_state *st = get_oompaths_state(m);

    if (oompaths_create_type(m, &Tally_spec, NULL, &st->TallyType, 0) < 0)
        return -1;

    Py_INCREF(st->TallyType);
    if (PyModule_AddObject(m, "Tally", (PyObject *)st->TallyType) < 0) {
        Py_DECREF(st->TallyType);
        return -1;
    }
    if (oompaths_create_type(m, &Marker_spec, NULL, &st->MarkerType, 0) < 0) {
        Py_CLEAR(st->TallyType);
        return -1;
    }
    Py_INCREF(st->MarkerType);
    if (PyModule_AddObject(m, "Marker", (PyObject *)st->MarkerType) < 0) {
        Py_CLEAR(st->TallyType);
        Py_DECREF(st->MarkerType);
        return -1;
    }

    st->OomError = PyErr_NewException("oompaths.OomError", NULL, NULL);
    if (st->OomError == NULL) {
        return -1;
    }
    Py_INCREF(st->OomError);
    if (PyModule_AddObject(m, "OomError", st->OomError) < 0) {
        Py_DECREF(st->OomError);
        return -1;
    }

    st->ParseError = PyErr_NewException("oompaths.ParseError", PyExc_ValueError, NULL);
    Py_XINCREF(st->ParseError);
    if (PyModule_AddObject(m, "ParseError", st->ParseError) < 0) {
        Py_XDECREF(st->ParseError);
        Py_CLEAR(st->ParseError);
        return -1;
    }

    st->str_total = PyUnicode_InternFromString("total");
    if (st->str_total == NULL) {
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_oompaths(void)
{
    return PyModuleDef_Init(&oompaths_module);
}
