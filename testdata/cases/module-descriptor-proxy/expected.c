/* A lazy reference: forwards attribute access to the object a factory returns.
   Its instances answer __module__ for the wrapped object, as proxy libraries do. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *factory;
    PyObject *target;
} LazyRef;

static PyObject *resolve(LazyRef *self)
{
    if (self->target == NULL) {
        self->target = PyObject_CallNoArgs(self->factory);
    }
    return self->target;
}

static int LazyRef_init(LazyRef *self, PyObject *args, PyObject *kwds)
{
    PyObject *factory;
    if (!PyArg_ParseTuple(args, "O:LazyRef", &factory))
        return -1;
    Py_INCREF(factory);
    Py_XSETREF(self->factory, factory);
    Py_CLEAR(self->target);
    return 0;
}

static int LazyRef_traverse(LazyRef *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->factory);
    Py_VISIT(self->target);
    return 0;
}

static int LazyRef_clear(LazyRef *self)
{
    Py_CLEAR(self->factory);
    Py_CLEAR(self->target);
    return 0;
}

static void LazyRef_dealloc(LazyRef *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    LazyRef_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *LazyRef_getattro(LazyRef *self, PyObject *name)
{
    PyObject *v = PyObject_GenericGetAttr((PyObject *)self, name);
    PyObject *target;
    if (v != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError))
        return v;
    PyErr_Clear();
    target = resolve(self);
    if (target == NULL)
        return NULL;
    return PyObject_GetAttr(target, name);
}

static PyObject *LazyRef_get_module(LazyRef *self, void *closure)
{
    PyObject *target = resolve(self);
    if (target == NULL)
        return NULL;
    return PyObject_GetAttrString(target, "__module__");
}

static PyObject *LazyRef_get_wrapped(LazyRef *self, void *closure)
{
    PyObject *target = resolve(self);
    Py_XINCREF(target);
    return target;
}

static PyGetSetDef LazyRef_getset[] = {
    {"__module__", (getter)LazyRef_get_module, NULL, NULL, NULL},
    {"__wrapped__", (getter)LazyRef_get_wrapped, NULL, NULL, NULL},
    {NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *LazyRef_Type; /* was: static PyTypeObject LazyRef_Type */
} lazyref_state;

static inline lazyref_state *get_lazyref_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (lazyref_state *)state;
}

static int lazyref_traverse(PyObject *module, visitproc visit, void *arg)
{
    lazyref_state *st = get_lazyref_state(module);
    Py_VISIT(st->LazyRef_Type);
    return 0;
}

static int lazyref_clear(PyObject *module)
{
    lazyref_state *st = get_lazyref_state(module);
    Py_CLEAR(st->LazyRef_Type);
    return 0;
}

static void lazyref_free(void *module)
{
    (void)lazyref_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int lazyref_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
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

static PyType_Slot LazyRef_slots[] = {
    {Py_tp_dealloc, (void *)LazyRef_dealloc},
    {Py_tp_getattro, (void *)LazyRef_getattro},
    {Py_tp_traverse, (void *)LazyRef_traverse},
    {Py_tp_clear, (void *)LazyRef_clear},
    {Py_tp_getset, (void *)LazyRef_getset},
    {Py_tp_init, (void *)LazyRef_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec LazyRef_spec = {
    .name = "LazyRef",
    .basicsize = sizeof(LazyRef),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = LazyRef_slots,
};

static int lazyref_exec(PyObject *m);

static PyModuleDef_Slot lazyref_slots[] = {
    {Py_mod_exec, (void *)lazyref_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef lazyref_module = {
    PyModuleDef_HEAD_INIT,
    "lazyref",
    "Lazy references.",
    sizeof(lazyref_state),
    NULL,
    lazyref_slots,
    lazyref_traverse,
    lazyref_clear,
    lazyref_free,
};

static int
lazyref_exec(PyObject *m)
{
    lazyref_state *st = get_lazyref_state(m);

    if (lazyref_create_type(m, &LazyRef_spec, NULL, &st->LazyRef_Type, 0) < 0)
        return -1;

    Py_INCREF(st->LazyRef_Type);
    if (PyModule_AddObject(m, "LazyRef", (PyObject *)st->LazyRef_Type) < 0) {
        Py_DECREF(st->LazyRef_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC PyInit_lazyref(void)
{
    return PyModuleDef_Init(&lazyref_module);
}
