/* units: two value types readied and added by one macro, in one condition, without a reference of
 * their own for the module: a static type needs none, PyModule_AddObject takes the address. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    double amount;
} UnitObject;

static int
Unit_init(UnitObject *self, PyObject *args, PyObject *kwds)
{
    if (!PyArg_ParseTuple(args, "d", &self->amount))
        return -1;
    return 0;
}

static PyObject *
Unit_value(UnitObject *self, PyObject *noargs)
{
    return PyFloat_FromDouble(self->amount);
}

static PyMethodDef Unit_methods[] = {
    {"value", (PyCFunction)Unit_value, METH_NOARGS, "The amount."},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *MeterType;  /* was: static PyTypeObject MeterType */
    PyTypeObject *SecondType; /* was: static PyTypeObject SecondType */
} units_state;

static inline units_state *
get_units_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (units_state *)state;
}

static int
units_traverse(PyObject *module, visitproc visit, void *arg)
{
    units_state *st = get_units_state(module);
    Py_VISIT(st->MeterType);
    Py_VISIT(st->SecondType);
    return 0;
}

static int
units_clear(PyObject *module)
{
    units_state *st = get_units_state(module);
    Py_CLEAR(st->MeterType);
    Py_CLEAR(st->SecondType);
    return 0;
}

static void
units_free(void *module)
{
    (void)units_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
units_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
MeterType_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot MeterType_slots[] = {
    {Py_tp_traverse, (void *)MeterType_traverse},
    {Py_tp_methods, (void *)Unit_methods},
    {Py_tp_init, (void *)Unit_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec MeterType_spec = {
    .name = "units.Meter",
    .basicsize = sizeof(UnitObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = MeterType_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
SecondType_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot SecondType_slots[] = {
    {Py_tp_traverse, (void *)SecondType_traverse},
    {Py_tp_methods, (void *)Unit_methods},
    {Py_tp_init, (void *)Unit_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec SecondType_spec = {
    .name = "units.Second",
    .basicsize = sizeof(UnitObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = SecondType_slots,
};

static int units_exec(PyObject *m);

static PyModuleDef_Slot units_slots[] = {
    {Py_mod_exec, (void *)units_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef units_module = {
    PyModuleDef_HEAD_INIT, "units", "Meters and seconds.", sizeof(units_state), NULL,
    units_slots,
    units_traverse,
    units_clear,
    units_free
};

#define READY_AND_ADD(st, module, name, type)                       \
    if (units_create_type(module, &type##_spec, NULL, &st->type, 0) < 0 || \
        PyModule_AddObjectRef(module, name, (PyObject *)st->type) < 0) \
        goto error

static int
units_exec(PyObject *m)
{
    units_state *st = get_units_state(m);
    READY_AND_ADD(st, m, "Meter", MeterType);
    READY_AND_ADD(st, m, "Second", SecondType);
    return 0;
error:
    return -1;
}

PyMODINIT_FUNC
PyInit_units(void)
{
    return PyModuleDef_Init(&units_module);
}
