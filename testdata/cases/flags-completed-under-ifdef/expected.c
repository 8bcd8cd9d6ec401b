/* Type flags completed under #ifdef, for flags newer than the oldest supported Python
 * (immutables marks its map as a mapping for `match` where Py_TPFLAGS_MAPPING exists). */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;
} MapObject;

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;
} SeqObject;

static Py_ssize_t
map_len(MapObject *self)
{
    return self->size;
}

static PyObject *
map_subscript(MapObject *self, PyObject *key)
{
    return PyLong_FromSsize_t(self->size);
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *MapType; /* was: static PyTypeObject MapType */
    PyTypeObject *SeqType; /* was: static PyTypeObject SeqType */
} flagmod_state;

static inline flagmod_state *
get_flagmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (flagmod_state *)state;
}

static int
flagmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    flagmod_state *st = get_flagmod_state(module);
    Py_VISIT(st->MapType);
    Py_VISIT(st->SeqType);
    return 0;
}

static int
flagmod_clear(PyObject *module)
{
    flagmod_state *st = get_flagmod_state(module);
    Py_CLEAR(st->MapType);
    Py_CLEAR(st->SeqType);
    return 0;
}

static void
flagmod_free(void *module)
{
    (void)flagmod_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
flagmod_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                    int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Map_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Map_slots[] = {
    {Py_mp_length, (void *)map_len},
    {Py_mp_subscript, (void *)map_subscript},
    {Py_tp_traverse, (void *)Map_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Map_spec = {
    .name = "flagmod.Map",
    .basicsize = sizeof(MapObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE
#ifdef Py_TPFLAGS_MAPPING
        | Py_TPFLAGS_MAPPING
#endif
        | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Map_slots,
};

static Py_ssize_t
seq_len(SeqObject *self)
{
    return 3;
}

static PyObject *
seq_item(SeqObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= 3) {
        PyErr_SetString(PyExc_IndexError, "index out of range");
        return NULL;
    }
    return PyLong_FromSsize_t(i * 10);
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Seq_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Seq_slots[] = {
    {Py_sq_length, (void *)seq_len},
    {Py_sq_item, (void *)seq_item},
    {Py_tp_traverse, (void *)Seq_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Seq_spec = {
    .name = "flagmod.Seq",
    .basicsize = sizeof(SeqObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT
#if defined(Py_TPFLAGS_SEQUENCE)
        | Py_TPFLAGS_SEQUENCE
#endif
        | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Seq_slots,
};

static int flagmod_exec(PyObject *m);

static PyModuleDef_Slot flagmod_slots[] = {
    {Py_mod_exec, (void *)flagmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "flagmod", NULL, sizeof(flagmod_state), NULL, flagmod_slots, flagmod_traverse, flagmod_clear, flagmod_free};

static int
flagmod_exec(PyObject *m)
{
    flagmod_state *st = get_flagmod_state(m);
    if (flagmod_create_type(m, &Map_spec, NULL, &st->MapType, 0) < 0)
        return -1;
    if (flagmod_create_type(m, &Seq_spec, NULL, &st->SeqType, 0) < 0)
        return -1;
    Py_INCREF(st->MapType);
    if (PyModule_AddObject(m, "Map", (PyObject *)st->MapType) < 0)
        return -1;
    Py_INCREF(st->SeqType);
    if (PyModule_AddObject(m, "Seq", (PyObject *)st->SeqType) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_flagmod(void)
{
    return PyModuleDef_Init(&def);
}
