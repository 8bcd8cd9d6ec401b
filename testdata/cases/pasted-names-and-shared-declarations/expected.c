/* Interned strings made by a token-pasting macro, declared together with one that is not, and a
 * type whose tp_new is copied from object's at init time (the zope.interface idiom). */
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *str__dict__;  /* was: static PyObject *str__dict__ */
    PyObject *str__name__;  /* was: static PyObject *str__name__ */
    PyObject *empty_tuple;  /* was: static PyObject *empty_tuple */
    PyTypeObject *SpecType; /* was: static PyTypeObject SpecType */
} pasted_state;

static struct PyModuleDef pasted_module;

static inline pasted_state *
get_pasted_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (pasted_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline pasted_state *
pasted_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &pasted_module);
    return module == NULL ? NULL : get_pasted_state(module);
}

static int
pasted_traverse(PyObject *module, visitproc visit, void *arg)
{
    pasted_state *st = get_pasted_state(module);
    Py_VISIT(st->str__dict__);
    Py_VISIT(st->str__name__);
    Py_VISIT(st->empty_tuple);
    Py_VISIT(st->SpecType);
    return 0;
}

static int
pasted_clear(PyObject *module)
{
    pasted_state *st = get_pasted_state(module);
    Py_CLEAR(st->str__dict__);
    Py_CLEAR(st->str__name__);
    Py_CLEAR(st->empty_tuple);
    Py_CLEAR(st->SpecType);
    return 0;
}

static void
pasted_free(void *module)
{
    (void)pasted_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
pasted_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *name;
} SpecObject;

/* The state of `self`, a SpecObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline pasted_state *
pasted_get_state_of_SpecObject(SpecObject *self)
{
    if (self->module_state == NULL)
        self->module_state = pasted_get_state_by_type(Py_TYPE(self));
    return (pasted_state *)self->module_state;
}

static int
Spec_traverse(SpecObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->name);
    return 0;
}

static void
Spec_dealloc(SpecObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->name);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Spec_get_dict(SpecObject *self, PyObject *obj)
{
    pasted_state *st = pasted_get_state_of_SpecObject(self);
    if (st == NULL)
        return NULL;
    return PyObject_GetAttr(obj, st->str__dict__);
}

static PyMethodDef Spec_methods[] = {
    {"get_dict", (PyCFunction)Spec_get_dict, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot Spec_slots[] = {
    {Py_tp_dealloc, (void *)Spec_dealloc},
    {Py_tp_traverse, (void *)Spec_traverse},
    {Py_tp_methods, (void *)Spec_methods},
    {0, NULL},
};

static PyType_Spec Spec_spec = {
    .name = "pasted.Spec",
    .basicsize = sizeof(SpecObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Spec_slots,
};

static PyObject *
pasted_names(PyObject *module, PyObject *unused)
{
    pasted_state *st = get_pasted_state(module);
    return PyTuple_Pack(3, st->str__dict__, st->str__name__, st->empty_tuple);
}

static PyMethodDef pasted_methods[] = {
    {"names", pasted_names, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static int pasted_exec(PyObject *m);

static PyModuleDef_Slot pasted_slots[] = {
    {Py_mod_exec, (void *)pasted_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pasted_module = {
    PyModuleDef_HEAD_INIT, "pasted", NULL, sizeof(pasted_state), pasted_methods,
    pasted_slots,
    pasted_traverse,
    pasted_clear,
    pasted_free
};

static int
pasted_exec(PyObject *m)
{
    pasted_state *st = get_pasted_state(m);
#define DEFINE_STRING(st, S) \
    if (!(st->str ## S = PyUnicode_FromString(# S))) return -1
    DEFINE_STRING(st, __dict__);
    DEFINE_STRING(st, __name__);
    st->empty_tuple = PyTuple_New(0);
    if (st->empty_tuple == NULL)
        return -1;
    if (pasted_create_type(m, &Spec_spec, NULL, &st->SpecType, 0) < 0)
        return -1;
    Py_INCREF(st->SpecType);
    if (PyModule_AddObject(m, "Spec", (PyObject *)st->SpecType) < 0) {
        Py_DECREF(st->SpecType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_pasted(void)
{
    return PyModuleDef_Init(&pasted_module);
}
