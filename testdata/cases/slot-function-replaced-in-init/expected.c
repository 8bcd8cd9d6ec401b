#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

/* Written first; the init later chose the generic allocator instead. */
/* pyext-isolate: Counter_Type.tp_new was set to PyType_GenericNew before PyType_Ready,
 * so this never ran; the heap type's spec holds PyType_GenericNew and nothing names
 * this function any more (delete it if nothing should). */
#if defined(__GNUC__)
__attribute__((unused))
#endif
static PyObject *
Counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    CounterObject *self = (CounterObject *)type->tp_alloc(type, 0);

    if (self != NULL) {
        self->count = 100;
    }
    return (PyObject *)self;
}

static PyObject *
Counter_bump(CounterObject *self, PyObject *unused)
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Counter_methods[] = {
    {"bump", (PyCFunction)Counter_bump, METH_NOARGS, "Add one and return the count."},
    {NULL, NULL, 0, NULL},
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Counter_Type; /* was: static PyTypeObject Counter_Type */
} slotnew_state;

static inline slotnew_state *
get_slotnew_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (slotnew_state *)state;
}

static int
slotnew_traverse(PyObject *module, visitproc visit, void *arg)
{
    slotnew_state *st = get_slotnew_state(module);
    Py_VISIT(st->Counter_Type);
    return 0;
}

static int
slotnew_clear(PyObject *module)
{
    slotnew_state *st = get_slotnew_state(module);
    Py_CLEAR(st->Counter_Type);
    return 0;
}

static void
slotnew_free(void *module)
{
    (void)slotnew_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
slotnew_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
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

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
Counter_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Counter_slots[] = {
    {Py_tp_doc, (void *)"A counter."},
    {Py_tp_traverse, (void *)Counter_traverse},
    {Py_tp_methods, (void *)Counter_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Counter_spec = {
    .name = "slotnew.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

static int slotnew_exec(PyObject *m);

static PyModuleDef_Slot slotnew_slots[] = {
    {Py_mod_exec, (void *)slotnew_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef slotnew_module = {
    PyModuleDef_HEAD_INIT, "slotnew", NULL, sizeof(slotnew_state), NULL,
    slotnew_slots,
    slotnew_traverse,
    slotnew_clear,
    slotnew_free,
};

static int
slotnew_exec(PyObject *m)
{
    slotnew_state *st = get_slotnew_state(m);

    if (slotnew_create_type(m, &Counter_spec, NULL, &st->Counter_Type, 0) < 0) {
        return -1;
    }
    Py_INCREF(st->Counter_Type);
    if (PyModule_AddObject(m, "Counter", (PyObject *)st->Counter_Type) < 0) {
        Py_DECREF(st->Counter_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_slotnew(void)
{
    return PyModuleDef_Init(&slotnew_module);
}
