/* Module functions that the C code also calls itself, with NULL where the module goes
 * (declaration registries do this: `implemented_by(NULL, cls)` from other functions and from
 * methods). The functions ignore their module argument, so NULL worked while the state was a
 * C global; a state lookup through that argument would not. */
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *str_implements; /* was: static PyObject *str_implements */
    PyObject *empty_spec;     /* was: static PyObject *empty_spec */
    PyTypeObject *SpecType;   /* was: static PyTypeObject SpecType */
} declreg_state;

static struct PyModuleDef declreg_module;

static inline declreg_state *
get_declreg_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (declreg_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline declreg_state *
declreg_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &declreg_module);
    return module == NULL ? NULL : get_declreg_state(module);
}

static int
declreg_traverse(PyObject *module, visitproc visit, void *arg)
{
    declreg_state *st = get_declreg_state(module);
    Py_VISIT(st->str_implements);
    Py_VISIT(st->empty_spec);
    Py_VISIT(st->SpecType);
    return 0;
}

static int
declreg_clear(PyObject *module)
{
    declreg_state *st = get_declreg_state(module);
    Py_CLEAR(st->str_implements);
    Py_CLEAR(st->empty_spec);
    Py_CLEAR(st->SpecType);
    return 0;
}

static void
declreg_free(void *module)
{
    (void)declreg_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
declreg_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static PyObject *implemented_by(PyObject *ignored, PyObject *cls);
static PyObject *implemented_by_impl(declreg_state *st, PyObject *ignored, PyObject *cls);

/* Called above the definition of implemented_by(), through its prototype. */
static PyObject *
spec_of_class(declreg_state *st, PyObject *cls)
{
    return implemented_by_impl(st, NULL, cls);
}

static PyObject *
implemented_by_impl(declreg_state *st, PyObject *ignored, PyObject *cls)
{
    PyObject *spec = PyObject_GetAttr(cls, st->str_implements);
    if (spec == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return NULL;
        PyErr_Clear();
        Py_INCREF(st->empty_spec);
        return st->empty_spec;
    }
    return spec;
}

/* For the method table; C code without the module calls implemented_by_impl() (pyext-isolate). */
static PyObject *
implemented_by(PyObject *ignored, PyObject *cls)
{
    return implemented_by_impl(get_declreg_state(ignored), ignored, cls);
}

static PyObject *
provided_by_impl(declreg_state *st, PyObject *Py_UNUSED(module), PyObject *ob)
{
    PyObject *spec;
    if (PyType_Check(ob))
        return implemented_by_impl(st, NULL, ob);
    spec = PyObject_GetAttrString(ob, "__provides__");
    if (spec != NULL)
        return spec;
    PyErr_Clear();
    return spec_of_class(st, (PyObject *)Py_TYPE(ob));
}

/* For the method table; C code without the module calls provided_by_impl() (pyext-isolate). */
static PyObject *
provided_by(PyObject *module, PyObject *ob)
{
    return provided_by_impl(get_declreg_state(module), module, ob);
}

/* Passes its own module on: this call stays as it is. */
static PyObject *
is_declared(PyObject *module, PyObject *ob)
{
    declreg_state *st = get_declreg_state(module);
    PyObject *spec = provided_by(module, ob);
    int declared;
    if (spec == NULL)
        return NULL;
    declared = spec != st->empty_spec;
    Py_DECREF(spec);
    return PyBool_FromLong(declared);
}

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
} SpecObject;

/* The state of `self`, a SpecObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline declreg_state *
declreg_get_state_of_SpecObject(SpecObject *self)
{
    if (self->module_state == NULL)
        self->module_state = declreg_get_state_by_type(Py_TYPE(self));
    return (declreg_state *)self->module_state;
}

static PyObject *
Spec_provided_by(PyObject *self, PyObject *ob)
{
    declreg_state *st = declreg_get_state_of_SpecObject((SpecObject *)self);
    if (st == NULL)
        return NULL;
    return provided_by_impl(st, NULL, ob);
}

static PyObject *
Spec_implemented_by(PyObject *self, PyObject *cls)
{
    declreg_state *st = declreg_get_state_of_SpecObject((SpecObject *)self);
    if (st == NULL)
        return NULL;
    return implemented_by_impl(st, self, cls);
}

static PyMethodDef Spec_methods[] = {
    {"providedBy", (PyCFunction)Spec_provided_by, METH_O, NULL},
    {"implementedBy", (PyCFunction)Spec_implemented_by, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Spec_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Spec_slots[] = {
    {Py_tp_traverse, (void *)Spec_traverse},
    {Py_tp_methods, (void *)Spec_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Spec_spec = {
    .name = "declreg.Spec",
    .basicsize = sizeof(SpecObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Spec_slots,
};

static PyMethodDef module_methods[] = {
    {"implementedBy", implemented_by, METH_O, NULL},
    {"providedBy", provided_by, METH_O, NULL},
    {"isDeclared", is_declared, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static int declreg_exec(PyObject *m);

static PyModuleDef_Slot declreg_slots[] = {
    {Py_mod_exec, (void *)declreg_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef declreg_module = {
    PyModuleDef_HEAD_INIT, "declreg", NULL, sizeof(declreg_state), module_methods,
    declreg_slots,
    declreg_traverse,
    declreg_clear,
    declreg_free
};

static int
declreg_exec(PyObject *m)
{
    declreg_state *st = get_declreg_state(m);
    st->str_implements = PyUnicode_InternFromString("__implements__");
    if (st->str_implements == NULL)
        return -1;
    st->empty_spec = PyTuple_New(0);
    if (st->empty_spec == NULL)
        return -1;
    if (declreg_create_type(m, &Spec_spec, NULL, &st->SpecType, 0) < 0)
        return -1;
    Py_INCREF(st->SpecType);
    if (PyModule_AddObject(m, "Spec", (PyObject *)st->SpecType) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_declreg(void)
{
    return PyModuleDef_Init(&declreg_module);
}
