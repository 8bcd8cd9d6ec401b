/* The init's head is split by a Python-version #if whose branches also define the value its error
 * returns give back (NULL for Python 3, nothing for Python 2) before the name and the `{`. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    unsigned int bits;
} MaskObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *MaskError;    /* was: static PyObject *MaskError */
    PyTypeObject *MaskType; /* was: static PyTypeObject MaskType */
} bitmask_state;

static inline bitmask_state *
get_bitmask_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (bitmask_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline bitmask_state *
bitmask_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (bitmask_state *)state;
}

static int
bitmask_traverse(PyObject *module, visitproc visit, void *arg)
{
    bitmask_state *st = get_bitmask_state(module);
    Py_VISIT(st->MaskError);
    Py_VISIT(st->MaskType);
    return 0;
}

static int
bitmask_clear(PyObject *module)
{
    bitmask_state *st = get_bitmask_state(module);
    Py_CLEAR(st->MaskError);
    Py_CLEAR(st->MaskType);
    return 0;
}

static void
bitmask_free(void *module)
{
    (void)bitmask_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
bitmask_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static PyObject *
mask_count(MaskObject *self, PyObject *noargs)
{
    unsigned int v = self->bits;
    int n = 0;
    while (v) {
        n += v & 1u;
        v >>= 1;
    }
    return PyLong_FromLong(n);
}

static int
mask_init(MaskObject *self, PyObject *args, PyObject *kwds)
{
    long v = 0;
    if (!PyArg_ParseTuple(args, "|l", &v))
        return -1;
    if (v < 0) {
        bitmask_state *st = bitmask_get_state_of_type(Py_TYPE(self));
        PyErr_SetString(st->MaskError, "a mask is not negative");
        return -1;
    }
    self->bits = (unsigned int)v;
    return 0;
}

static PyMethodDef mask_obj_methods[] = {
    {"count", (PyCFunction)mask_count, METH_NOARGS, "number of bits set"},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Mask_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Mask_slots[] = {
    {Py_tp_traverse, (void *)Mask_traverse},
    {Py_tp_methods, (void *)mask_obj_methods},
    {Py_tp_init, (void *)mask_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Mask_spec = {
    .name = "bitmask.Mask",
    .basicsize = sizeof(MaskObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Mask_slots,
};

#if PY_MAJOR_VERSION >= 3
static int bitmask_exec(PyObject *m);

static PyModuleDef_Slot bitmask_slots[] = {
    {Py_mod_exec, (void *)bitmask_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef bitmask_module = {
    PyModuleDef_HEAD_INIT,
    "bitmask",
    NULL,
    sizeof(bitmask_state),
    NULL,
    bitmask_slots,
    bitmask_traverse,
    bitmask_clear,
    bitmask_free
};
#endif

#if PY_MAJOR_VERSION >= 3
  #define BITMASK_FAIL NULL
#else
  #define BITMASK_FAIL
#endif
static int
bitmask_exec(PyObject *m) {
    bitmask_state *st = get_bitmask_state(m);

    if (bitmask_create_type(m, &Mask_spec, NULL, &st->MaskType, 0) < 0)
        return -1;

#if PY_MAJOR_VERSION >= 3
#else
    m = Py_InitModule("bitmask", NULL);
#endif

    st->MaskError = PyErr_NewException("bitmask.error", NULL, NULL);
    if (st->MaskError == NULL)
        return -1;
    Py_INCREF(st->MaskError);
    if (PyModule_AddObject(m, "error", st->MaskError) < 0) {
        Py_DECREF(st->MaskError);
        return -1;
    }
    Py_INCREF(st->MaskType);
    if (PyModule_AddObject(m, "Mask", (PyObject *)st->MaskType) < 0) {
        Py_DECREF(st->MaskType);
        return -1;
    }
#if PY_MAJOR_VERSION >= 3
    return 0;
#endif
}

PyMODINIT_FUNC
PyInit_bitmask(void)
{
    return PyModuleDef_Init(&bitmask_module);
}
