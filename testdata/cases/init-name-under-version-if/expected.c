/* A Python 2/3 dual source whose init function's name is picked by a version #if between
 * PyMODINIT_FUNC and the body, and whose error and final returns are written for both. No
 * supported version compiles the Python 2 branches. The module def is positional, every field
 * commented, m_reload among them. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#if PY_MAJOR_VERSION >= 3
#define MOD_ERROR_VAL NULL
#define MOD_SUCCESS_VAL(m) m
#else
#define MOD_ERROR_VAL
#define MOD_SUCCESS_VAL(m)
#endif

typedef struct {
    PyObject_HEAD
    double weight;
} WeightObject;

static PyObject *
weight_value(WeightObject *self, void *closure)
{
    return PyFloat_FromDouble(self->weight);
}

static PyGetSetDef weight_getset[] = {
    {"value", (getter)weight_value, NULL, "the weight", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static int
weight_init(WeightObject *self, PyObject *args, PyObject *kwds)
{
    self->weight = 1.0;
    if (!PyArg_ParseTuple(args, "|d", &self->weight))
        return -1;
    return 0;
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *WeightType; /* was: static PyTypeObject WeightType */
} weights_state;

static inline weights_state *
get_weights_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (weights_state *)state;
}

static int
weights_traverse(PyObject *module, visitproc visit, void *arg)
{
    weights_state *st = get_weights_state(module);
    Py_VISIT(st->WeightType);
    return 0;
}

static int
weights_clear(PyObject *module)
{
    weights_state *st = get_weights_state(module);
    Py_CLEAR(st->WeightType);
    return 0;
}

static void
weights_free(void *module)
{
    (void)weights_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
weights_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Weight_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Weight_slots[] = {
    {Py_tp_traverse, (void *)Weight_traverse},
    {Py_tp_getset, (void *)weight_getset},
    {Py_tp_init, (void *)weight_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Weight_spec = {
    .name = "weights.Weight",
    .basicsize = sizeof(WeightObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Weight_slots,
};

static PyMethodDef weights_methods[] = {
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
static int weights_exec(PyObject *m);

static PyModuleDef_Slot weights_slots[] = {
    {Py_mod_exec, (void *)weights_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef weights_module = {
    PyModuleDef_HEAD_INIT,
    "weights",                          /* m_name */
    "weights with a default of 1.0",    /* m_doc */
    sizeof(weights_state),              /* m_size */
    weights_methods,                    /* m_methods */
    weights_slots,                      /* m_slots */
    weights_traverse,                   /* m_traverse */
    weights_clear,                      /* m_clear */
    weights_free,                       /* m_free */
};
#endif

static int
weights_exec(PyObject *m)
{
    weights_state *st = get_weights_state(m);

    if (weights_create_type(m, &Weight_spec, NULL, &st->WeightType, 0) < 0)
        return -1;

#if PY_MAJOR_VERSION >= 3
#else
    m = Py_InitModule3("weights", weights_methods, "weights with a default of 1.0");
#endif

    Py_INCREF(st->WeightType);
    if (PyModule_AddObject(m, "Weight", (PyObject *)st->WeightType) < 0) {
        Py_DECREF(st->WeightType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_weights(void)
{
    return PyModuleDef_Init(&weights_module);
}
