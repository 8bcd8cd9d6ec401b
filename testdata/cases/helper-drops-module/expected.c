/* A setup helper gets the module from the init function and, on its error path, releases it
 * itself. Under multi-phase init the import machinery owns the module, so that drop would free it
 * twice once the helper runs from the exec function. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    double celsius;
} ThermoObject;

static PyObject *
thermo_fahrenheit(ThermoObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyFloat_FromDouble(self->celsius * 9.0 / 5.0 + 32.0);
}

static PyMethodDef thermo_methods[] = {
    {"fahrenheit", (PyCFunction)thermo_fahrenheit, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Thermo_Type; /* was: static PyTypeObject Thermo_Type */
} thermo_state;

static inline thermo_state *
get_thermo_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (thermo_state *)state;
}

static int
thermo_traverse(PyObject *module, visitproc visit, void *arg)
{
    thermo_state *st = get_thermo_state(module);
    Py_VISIT(st->Thermo_Type);
    return 0;
}

static int
thermo_clear(PyObject *module)
{
    thermo_state *st = get_thermo_state(module);
    Py_CLEAR(st->Thermo_Type);
    return 0;
}

static void
thermo_free(void *module)
{
    (void)thermo_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
thermo_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Thermo_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Thermo_slots[] = {
    {Py_tp_traverse, (void *)Thermo_traverse},
    {Py_tp_methods, (void *)thermo_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Thermo_spec = {
    .name = "thermo.Thermo",
    .basicsize = sizeof(ThermoObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Thermo_slots,
};

static int
register_types(PyObject *module)
{
    thermo_state *st = get_thermo_state(module);
    if (thermo_create_type(module, &Thermo_spec, NULL, &st->Thermo_Type, 0) < 0) {
        return -1;
    }
    Py_INCREF(st->Thermo_Type);
    if (PyModule_AddObject(module, "Thermo", (PyObject *)st->Thermo_Type) < 0) {
        Py_DECREF(st->Thermo_Type);
        return -1;
    }
    return 0;
}

static int thermo_exec(PyObject *m);

static PyModuleDef_Slot thermo_slots[] = {
    {Py_mod_exec, (void *)thermo_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef thermo_module = {
    PyModuleDef_HEAD_INIT, "thermo", NULL, sizeof(thermo_state), NULL,
    thermo_slots,
    thermo_traverse,
    thermo_clear,
    thermo_free
};

static int
thermo_exec(PyObject *m)
{
    if (register_types(m) < 0)
        return -1;
    if (PyModule_AddStringConstant(m, "unit", "celsius") < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_thermo(void)
{
    return PyModuleDef_Init(&thermo_module);
}
