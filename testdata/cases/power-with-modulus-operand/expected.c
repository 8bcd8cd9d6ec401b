/* A number type whose nb_power may be called with its object as the modulus only
 * (pow(2, 10, ModInt(1000))), and that raises the module's own error. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long value;
} ModIntObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ModError;        /* was: static PyObject *ModError */
    PyTypeObject *ModInt_Type; /* was: static PyTypeObject ModInt_Type */
} modnum_state;

static struct PyModuleDef modnum_module;

static inline modnum_state *
get_modnum_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (modnum_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with
 * an exception if none did. */
static inline modnum_state *
modnum_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &modnum_module);
    return module == NULL ? NULL : get_modnum_state(module);
}

/* For binary number slots: the state of whichever operand is of this module's
 * types (either may be; a static type such as int never is, so it is not
 * searched). */
static inline modnum_state *
modnum_get_state_by_types(PyTypeObject *left, PyTypeObject *right)
{
    PyObject *module = NULL;
    if (PyType_HasFeature(left, Py_TPFLAGS_HEAPTYPE)) {
        module = PyType_GetModuleByDef(left, &modnum_module);
        if (module == NULL) {
            PyErr_Clear();
        }
    }
    if (module == NULL) {
        module = PyType_GetModuleByDef(right, &modnum_module);
        if (module == NULL) {
            return NULL;
        }
    }
    return get_modnum_state(module);
}

/* For nb_power: pow(a, b, m) calls m's slot when only the modulus is of this
 * module's types. */
static inline modnum_state *
modnum_get_state_by_types3(PyTypeObject *left, PyTypeObject *right,
                           PyTypeObject *modulus)
{
    modnum_state *st = modnum_get_state_by_types(left, right);
    if (st == NULL && modulus != Py_TYPE(Py_None)) {
        PyErr_Clear();
        st = modnum_get_state_by_types(modulus, modulus);
    }
    return st;
}

static int
modnum_traverse(PyObject *module, visitproc visit, void *arg)
{
    modnum_state *st = get_modnum_state(module);
    Py_VISIT(st->ModError);
    Py_VISIT(st->ModInt_Type);
    return 0;
}

static int
modnum_clear(PyObject *module)
{
    modnum_state *st = get_modnum_state(module);
    Py_CLEAR(st->ModError);
    Py_CLEAR(st->ModInt_Type);
    return 0;
}

static void
modnum_free(void *module)
{
    (void)modnum_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
modnum_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                   PyTypeObject **type, int disallow_new)
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
            /* CPython (3.12, 3.13) loses the error when it cannot copy the
             * type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
        (*type)->tp_new = NULL;
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

static long
as_long(modnum_state *st, PyObject *o, int *ok)
{
    if (PyObject_TypeCheck(o, st->ModInt_Type)) {
        *ok = 1;
        return ((ModIntObject *)o)->value;
    }
    if (PyLong_Check(o)) {
        long v = PyLong_AsLong(o);
        *ok = !(v == -1 && PyErr_Occurred());
        return v;
    }
    *ok = 0;
    return 0;
}

static PyObject *
modint_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long v;
    ModIntObject *self;

    if (!PyArg_ParseTuple(args, "l", &v)) {
        return NULL;
    }
    self = (ModIntObject *)type->tp_alloc(type, 0);
    if (self != NULL) {
        self->value = v;
    }
    return (PyObject *)self;
}

static PyObject *
modint_power_impl(modnum_state *st, PyObject *base, PyObject *exp, PyObject *mod)
{
    int ok_b, ok_e, ok_m = 1;
    long b = as_long(st, base, &ok_b);
    long e = as_long(st, exp, &ok_e);
    long m = mod == Py_None ? 0 : as_long(st, mod, &ok_m);
    long r = 1;

    if (!ok_b || !ok_e || !ok_m) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_RETURN_NOTIMPLEMENTED;
    }
    if (e < 0 || (mod != Py_None && m <= 0)) {
        PyErr_SetString(st->ModError, "negative exponent or modulus");
        return NULL;
    }
    while (e-- > 0) {
        r = m ? (r * b) % m : r * b;
    }
    return PyLong_FromLong(r);
}

static PyObject *
modint_power(PyObject *base, PyObject *exp, PyObject *mod)
{
    modnum_state *st = modnum_get_state_by_types3(Py_TYPE(base), Py_TYPE(exp),
                                                  Py_TYPE(mod));
    if (st == NULL) {
        return NULL;
    }
    return modint_power_impl(st, base, exp, mod);
}

static PyObject *
modint_int(ModIntObject *self)
{
    return PyLong_FromLong(self->value);
}

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
ModInt_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot ModInt_slots[] = {
    {Py_nb_power, (void *)modint_power},
    {Py_nb_int, (void *)modint_int},
    {Py_tp_traverse, (void *)ModInt_traverse},
    {Py_tp_new, (void *)modint_new},
    {0, NULL},
};

static PyType_Spec ModInt_spec = {
    .name = "modnum.ModInt",
    .basicsize = sizeof(ModIntObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = ModInt_slots,
};

static int modnum_exec(PyObject *m);

static PyModuleDef_Slot modnum_slots[] = {
    {Py_mod_exec, (void *)modnum_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef modnum_module = {
    PyModuleDef_HEAD_INIT,
    "modnum",
    NULL,
    sizeof(modnum_state),
    NULL,
    modnum_slots,
    modnum_traverse,
    modnum_clear,
    modnum_free,
};

static int
modnum_exec(PyObject *m)
{
    modnum_state *st = get_modnum_state(m);

    if (modnum_create_type(m, &ModInt_spec, NULL, &st->ModInt_Type, 0) < 0) {
        return -1;
    }
    st->ModError = PyErr_NewException("modnum.ModError", PyExc_ValueError, NULL);
    if (st->ModError == NULL) {
        return -1;
    }
    Py_INCREF(st->ModError);
    if (PyModule_AddObject(m, "ModError", st->ModError) < 0) {
        Py_DECREF(st->ModError);
        return -1;
    }
    Py_INCREF(st->ModInt_Type);
    if (PyModule_AddObject(m, "ModInt", (PyObject *)st->ModInt_Type) < 0) {
        Py_DECREF(st->ModInt_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_modnum(void)
{
    return PyModuleDef_Init(&modnum_module);
}
