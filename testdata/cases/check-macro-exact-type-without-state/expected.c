/* Type-check macros of static types that become heap types. Record has a dealloc of its own that
 * nothing else stores: an exact Record is told by its dealloc, without the module state, and
 * is_record() passes the state lookup into the macro (only a subclass instance evaluates it).
 * record_value() raises the module's error as well, so it fetches the state as before; Tag sets
 * no dealloc (it inherits object's), so its check keeps the plain form. */
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ExactError;      /* was: static PyObject *ExactError */
    PyTypeObject *Record_Type; /* was: static PyTypeObject Record_Type */
    PyTypeObject *Tag_Type;    /* was: static PyTypeObject Tag_Type */
} exactmod_state;

static inline exactmod_state *
get_exactmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (exactmod_state *)state;
}

static int
exactmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    exactmod_state *st = get_exactmod_state(module);
    Py_VISIT(st->ExactError);
    Py_VISIT(st->Record_Type);
    Py_VISIT(st->Tag_Type);
    return 0;
}

static int
exactmod_clear(PyObject *module)
{
    exactmod_state *st = get_exactmod_state(module);
    Py_CLEAR(st->ExactError);
    Py_CLEAR(st->Record_Type);
    Py_CLEAR(st->Tag_Type);
    return 0;
}

static void
exactmod_free(void *module)
{
    (void)exactmod_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
exactmod_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

typedef struct {
    PyObject_HEAD
    long value;
} RecordObject;

typedef struct {
    PyObject_HEAD
} TagObject;

/* Only Record_Type and its subtypes have Record_dealloc: an exact instance is
 * told without the module state, which a subtype's instance needs. */
#define Record_Check(st, op) \
    (Py_TYPE(op)->tp_dealloc == (destructor)Record_dealloc \
     || PyObject_TypeCheck(op, st->Record_Type))
#define Tag_Check(st, op) PyObject_TypeCheck(op, st->Tag_Type)

static PyObject *
Record_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    RecordObject *self;
    long value = 0;

    if (!PyArg_ParseTuple(args, "|l", &value))
        return NULL;
    self = (RecordObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->value = value;
    return (PyObject *)self;
}

static void
Record_dealloc(RecordObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Record_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Record_slots[] = {
    {Py_tp_dealloc, (void *)Record_dealloc},
    {Py_tp_traverse, (void *)Record_traverse},
    {Py_tp_new, (void *)Record_new},
    {0, NULL},
};

static PyType_Spec Record_spec = {
    .name = "exactmod.Record",
    .basicsize = sizeof(RecordObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Record_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Tag_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Tag_slots[] = {
    {Py_tp_traverse, (void *)Tag_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Tag_spec = {
    .name = "exactmod.Tag",
    .basicsize = sizeof(TagObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tag_slots,
};

static PyObject *
exactmod_is_record(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(Record_Check(get_exactmod_state(module), obj));
}

static PyObject *
exactmod_record_value(PyObject *module, PyObject *obj)
{
    exactmod_state *st = get_exactmod_state(module);

    if (!Record_Check(st, obj)) {
        PyErr_SetString(st->ExactError, "not a Record");
        return NULL;
    }
    return PyLong_FromLong(((RecordObject *)obj)->value);
}

static PyObject *
exactmod_is_tag(PyObject *module, PyObject *obj)
{
    exactmod_state *st = get_exactmod_state(module);

    return PyBool_FromLong(Tag_Check(st, obj));
}

static PyMethodDef exactmod_methods[] = {
    {"is_record", exactmod_is_record, METH_O, NULL},
    {"record_value", exactmod_record_value, METH_O, NULL},
    {"is_tag", exactmod_is_tag, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static int exactmod_exec(PyObject *m);

static PyModuleDef_Slot exactmod_slots[] = {
    {Py_mod_exec, (void *)exactmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef exactmod_module = {
    PyModuleDef_HEAD_INIT,
    "exactmod",
    NULL,
    sizeof(exactmod_state),
    exactmod_methods,
    exactmod_slots,
    exactmod_traverse,
    exactmod_clear,
    exactmod_free
};

static int
exactmod_exec(PyObject *m)
{
    exactmod_state *st = get_exactmod_state(m);

    if (exactmod_create_type(m, &Record_spec, NULL, &st->Record_Type, 0) < 0)
        return -1;
    if (exactmod_create_type(m, &Tag_spec, NULL, &st->Tag_Type, 0) < 0)
        return -1;
    st->ExactError = PyErr_NewException("exactmod.error", NULL, NULL);
    if (st->ExactError == NULL)
        return -1;
    Py_INCREF(st->ExactError);
    if (PyModule_AddObject(m, "error", st->ExactError) < 0) {
        Py_DECREF(st->ExactError);
        return -1;
    }
    Py_INCREF(st->Record_Type);
    if (PyModule_AddObject(m, "Record", (PyObject *)st->Record_Type) < 0) {
        Py_DECREF(st->Record_Type);
        return -1;
    }
    Py_INCREF(st->Tag_Type);
    if (PyModule_AddObject(m, "Tag", (PyObject *)st->Tag_Type) < 0) {
        Py_DECREF(st->Tag_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_exactmod(void)
{
    return PyModuleDef_Init(&exactmod_module);
}
