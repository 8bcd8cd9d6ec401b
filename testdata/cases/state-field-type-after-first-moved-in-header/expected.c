/*
 * vec: 2-D vectors. The type is declared first; the error, the object
 * struct and the shared zero vector come from vecdefs.h, in that order.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "vecdefs.h"
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *VecError;    /* was: static PyObject *VecError */
    /* The zero vector, made once. */
    Vec *ZERO;             /* was: static Vec *ZERO */
    PyTypeObject *VecType; /* was: static PyTypeObject VecType */
} vec_state;

static inline vec_state *
get_vec_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (vec_state *)state;
}

static int
vec_traverse(PyObject *module, visitproc visit, void *arg)
{
    vec_state *st = get_vec_state(module);
    Py_VISIT(st->VecError);
    Py_VISIT(st->ZERO);
    Py_VISIT(st->VecType);
    return 0;
}

static int
vec_clear(PyObject *module)
{
    vec_state *st = get_vec_state(module);
    Py_CLEAR(st->VecError);
    Py_CLEAR(st->ZERO);
    Py_CLEAR(st->VecType);
    return 0;
}

static void
vec_free(void *module)
{
    (void)vec_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
vec_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                PyTypeObject **type, int disallow_new)
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

static PyObject *
vec_zero(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    vec_state *st = get_vec_state(module);
    if (st->ZERO == NULL) {
        PyErr_SetString(st->VecError, "no zero vector");
        return NULL;
    }
    Py_INCREF(st->ZERO);
    return (PyObject *)st->ZERO;
}

static PyObject *
vec_norm2(Vec *self, PyObject *Py_UNUSED(ignored))
{
    return PyFloat_FromDouble(self->x * self->x + self->y * self->y);
}

static PyMethodDef vec_type_methods[] = {
    {"norm2", (PyCFunction)vec_norm2, METH_NOARGS, "The squared length."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
Vec_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Vec_slots[] = {
    {Py_tp_doc, (void *)"A 2-D vector."},
    {Py_tp_traverse, (void *)Vec_traverse},
    {Py_tp_methods, (void *)vec_type_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Vec_spec = {
    .name = "vec.Vec",
    .basicsize = sizeof(Vec),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Vec_slots,
};

static PyMethodDef vec_methods[] = {
    {"zero", vec_zero, METH_NOARGS, "The zero vector."},
    {NULL, NULL, 0, NULL}
};

static int vec_exec(PyObject *m);

static PyModuleDef_Slot vec_slots[] = {
    {Py_mod_exec, (void *)vec_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef vec_module = {
    PyModuleDef_HEAD_INIT, "vec", NULL, sizeof(vec_state), vec_methods,
    vec_slots,
    vec_traverse,
    vec_clear,
    vec_free,
};

static int
vec_exec(PyObject *m)
{
    vec_state *st = get_vec_state(m);
    Vec *zero;

    if (vec_create_type(m, &Vec_spec, NULL, &st->VecType, 0) < 0)
        return -1;
    st->VecError = PyErr_NewException("vec.Error", NULL, NULL);
    if (st->VecError == NULL)
        return -1;
    /* tp_alloc zeroes the coordinates. */
    zero = (Vec *)PyObject_CallNoArgs((PyObject *)st->VecType);
    if (zero == NULL)
        return -1;
    st->ZERO = zero;
    Py_INCREF(st->VecType);
    if (PyModule_AddObject(m, "Vec", (PyObject *)st->VecType) < 0)
        return -1;
    Py_INCREF(st->VecError);
    if (PyModule_AddObject(m, "Error", st->VecError) < 0) {
        Py_DECREF(st->VecError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_vec(void)
{
    return PyModuleDef_Init(&vec_module);
}
