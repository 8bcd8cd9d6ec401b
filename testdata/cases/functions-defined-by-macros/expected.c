/* A transparent wrapper: arithmetic on a Wrapper forwards to the wrapped object.
 * The number slots are written once, as macros expanded per operator. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *target;
} WrapperObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *WrapperType; /* was: static PyTypeObject WrapperType */
} wrapops_state;

static struct PyModuleDef wrapopsmodule;

static inline wrapops_state *
get_wrapops_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (wrapops_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline wrapops_state *
wrapops_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &wrapopsmodule);
    return module == NULL ? NULL : get_wrapops_state(module);
}

/* For binary number slots: the state of whichever operand is of this module's types (either may
 * be; a static type such as int never is, so it is not searched). */
static inline wrapops_state *
wrapops_get_state_by_types(PyTypeObject *left, PyTypeObject *right)
{
    PyObject *module = NULL;
    if (PyType_HasFeature(left, Py_TPFLAGS_HEAPTYPE)) {
        module = PyType_GetModuleByDef(left, &wrapopsmodule);
        if (module == NULL)
            PyErr_Clear();
    }
    if (module == NULL) {
        module = PyType_GetModuleByDef(right, &wrapopsmodule);
        if (module == NULL)
            return NULL;
    }
    return get_wrapops_state(module);
}

/* The state of `self`, a WrapperObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline wrapops_state *
wrapops_get_state_of_WrapperObject(WrapperObject *self)
{
    if (self->module_state == NULL)
        self->module_state = wrapops_get_state_by_type(Py_TYPE(self));
    return (wrapops_state *)self->module_state;
}

static void Wrapper_dealloc(WrapperObject *self);

/* For binary number slots: the state kept in whichever operand is a WrapperObject (its type's
 * dealloc tells), else that of the operand whose type is a subclass defined in Python. */
static inline wrapops_state *
wrapops_get_state_of_WrapperObject_operands(PyObject *left, PyObject *right)
{
    if (Py_TYPE(left)->tp_dealloc == (destructor)Wrapper_dealloc)
        return wrapops_get_state_of_WrapperObject((WrapperObject *)left);
    if (Py_TYPE(right)->tp_dealloc == (destructor)Wrapper_dealloc)
        return wrapops_get_state_of_WrapperObject((WrapperObject *)right);
    return wrapops_get_state_by_types(Py_TYPE(left), Py_TYPE(right));
}

static int
wrapops_traverse(PyObject *module, visitproc visit, void *arg)
{
    wrapops_state *st = get_wrapops_state(module);
    Py_VISIT(st->WrapperType);
    return 0;
}

static int
wrapops_clear(PyObject *module)
{
    wrapops_state *st = get_wrapops_state(module);
    Py_CLEAR(st->WrapperType);
    return 0;
}

static void
wrapops_free(void *module)
{
    (void)wrapops_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
wrapops_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

/* Only WrapperType and its subtypes have Wrapper_dealloc: an exact instance is
 * told without the module state, which a subtype's instance needs. */
#define Wrapper_Check(st, op) \
    (Py_TYPE(op)->tp_dealloc == (destructor)Wrapper_dealloc \
     || PyObject_TypeCheck((op), st->WrapperType))
#define Wrapper_TARGET(op) (((WrapperObject *)(op))->target)

static PyObject *
Wrapper_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *target;
    WrapperObject *self;

    if (!PyArg_ParseTuple(args, "O:Wrapper", &target))
        return NULL;
    self = (WrapperObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(target);
    self->target = target;
    return (PyObject *)self;
}

static int
Wrapper_traverse(WrapperObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->target);
    return 0;
}

static int
Wrapper_clear(WrapperObject *self)
{
    Py_CLEAR(self->target);
    return 0;
}

static void
Wrapper_dealloc(WrapperObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Wrapper_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

/* Unwrap whichever operand is a Wrapper and apply the operation. */
static PyObject *
forward2(wrapops_state *st, PyObject *left, PyObject *right, binaryfunc op)
{
    if (Wrapper_Check(st, left))
        return op(Wrapper_TARGET(left), right);
    if (Wrapper_Check(st, right))
        return op(left, Wrapper_TARGET(right));
    Py_RETURN_NOTIMPLEMENTED;
}

static PyObject *
forward2_inplace(PyObject *self, PyObject *other, binaryfunc op)
{
    PyObject *result = op(Wrapper_TARGET(self), other);

    if (result == Wrapper_TARGET(self)) {
        /* really done in place: keep the wrapper */
        Py_DECREF(result);
        Py_INCREF(self);
        return self;
    }
    return result;
}

#define WRAP_BINARY(NAME, OP) \
    static PyObject *wrap_##NAME(PyObject *left, PyObject *right) \
    { \
        wrapops_state *st = wrapops_get_state_of_WrapperObject_operands(left, right); \
\
        if (st == NULL) \
            return NULL; \
        return forward2(st, left, right, OP); }

#define WRAP_INPLACE(NAME, OP) \
    static PyObject *wrap_i##NAME(PyObject *self, PyObject *other) \
    { return forward2_inplace(self, other, OP); }

#define WRAP_UNARY(NAME, OP) \
    static PyObject *wrap_##NAME(PyObject *self) \
    { return OP(Wrapper_TARGET(self)); }

WRAP_BINARY(add, PyNumber_Add)
WRAP_BINARY(sub, PyNumber_Subtract)
WRAP_BINARY(mul, PyNumber_Multiply)

WRAP_INPLACE(add, PyNumber_InPlaceAdd)
WRAP_INPLACE(sub, PyNumber_InPlaceSubtract)

WRAP_UNARY(neg, PyNumber_Negative)
WRAP_UNARY(abs, PyNumber_Absolute)

static PyObject *
Wrapper_unwrap(WrapperObject *self, PyObject *Py_UNUSED(ignored))
{
    Py_INCREF(self->target);
    return self->target;
}

static PyMethodDef Wrapper_methods[] = {
    {"unwrap", (PyCFunction)Wrapper_unwrap, METH_NOARGS, "Return the wrapped object."},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Wrapper_slots[] = {
    {Py_tp_dealloc, (void *)Wrapper_dealloc},
    {Py_nb_add, (void *)wrap_add},
    {Py_nb_subtract, (void *)wrap_sub},
    {Py_nb_multiply, (void *)wrap_mul},
    {Py_nb_negative, (void *)wrap_neg},
    {Py_nb_absolute, (void *)wrap_abs},
    {Py_nb_inplace_add, (void *)wrap_iadd},
    {Py_nb_inplace_subtract, (void *)wrap_isub},
    {Py_tp_doc, (void *)"Forward arithmetic to a wrapped object."},
    {Py_tp_traverse, (void *)Wrapper_traverse},
    {Py_tp_clear, (void *)Wrapper_clear},
    {Py_tp_methods, (void *)Wrapper_methods},
    {Py_tp_new, (void *)Wrapper_new},
    {0, NULL},
};

static PyType_Spec Wrapper_spec = {
    .name = "wrapops.Wrapper",
    .basicsize = sizeof(WrapperObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Wrapper_slots,
};

static PyObject *
wrapops_is_wrapper(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(Wrapper_Check(get_wrapops_state(module), obj));
}

static PyMethodDef wrapops_methods[] = {
    {"is_wrapper", wrapops_is_wrapper, METH_O, "Whether obj is a Wrapper."},
    {NULL, NULL, 0, NULL}
};

static int wrapops_exec(PyObject *m);

static PyModuleDef_Slot wrapops_slots[] = {
    {Py_mod_exec, (void *)wrapops_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef wrapopsmodule = {
    PyModuleDef_HEAD_INIT,
    "wrapops",
    "Wrappers that forward arithmetic.",
    sizeof(wrapops_state),
    wrapops_methods,
    wrapops_slots,
    wrapops_traverse,
    wrapops_clear,
    wrapops_free,
};

static int
wrapops_exec(PyObject *m)
{
    wrapops_state *st = get_wrapops_state(m);

    if (wrapops_create_type(m, &Wrapper_spec, NULL, &st->WrapperType, 0) < 0)
        return -1;
    Py_INCREF(st->WrapperType);
    if (PyModule_AddObject(m, "Wrapper", (PyObject *)st->WrapperType) < 0) {
        Py_DECREF(st->WrapperType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_wrapops(void)
{
    return PyModuleDef_Init(&wrapopsmodule);
}
