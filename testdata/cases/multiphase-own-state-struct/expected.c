/*
 * ringbuf: a module that began moving to module state (multi-phase init, a state struct of its
 * own holding its exception) but still keeps a cached import and its type in C globals.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject *RingError;
    PyObject *deque_cls; /* was: static PyObject *deque_cls */
    PyTypeObject *Ring_Type; /* was: static PyTypeObject Ring_Type */
} ringbuf_module_state;

static inline ringbuf_module_state *
get_module_state(PyObject *module)
{
    return (ringbuf_module_state *)PyModule_GetState(module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
ringbuf_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type)
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
    return 0;
}

typedef struct {
    PyObject_HEAD
    PyObject *items;
    Py_ssize_t capacity;
} RingObject;

static PyObject *
ring_push(RingObject *self, PyObject *item)
{
    if (PyObject_CallMethod(self->items, "append", "O", item) == NULL)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
ring_len(RingObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromSsize_t(PyObject_Length(self->items));
}

static int
ring_traverse(RingObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->items);
    return 0;
}

static void
ring_dealloc(RingObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->items);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyMethodDef ring_methods[] = {
    {"push", (PyCFunction)ring_push, METH_O, NULL},
    {"size", (PyCFunction)ring_len, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Ring_slots[] = {
    {Py_tp_dealloc, (void *)ring_dealloc},
    {Py_tp_traverse, (void *)ring_traverse},
    {Py_tp_methods, (void *)ring_methods},
    {0, NULL},
};

static PyType_Spec Ring_spec = {
    .name = "ringbuf.Ring",
    .basicsize = sizeof(RingObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Ring_slots,
};

static PyObject *
ringbuf_make(PyObject *module, PyObject *arg)
{
    ringbuf_module_state *st = get_module_state(module);
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    RingObject *r;

    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n <= 0) {
        PyErr_SetString(st->RingError, "capacity must be positive");
        return NULL;
    }
    r = PyObject_GC_New(RingObject, st->Ring_Type);
    if (r == NULL)
        return NULL;
    r->capacity = n;
    r->items = PyObject_CallFunction(st->deque_cls, "()n", n);
    if (r->items == NULL) {
        Py_DECREF(r);
        return NULL;
    }
    PyObject_GC_Track(r);
    return (PyObject *)r;
}

static PyMethodDef ringbuf_methods[] = {
    {"make", ringbuf_make, METH_O, "make(capacity) -> Ring"},
    {NULL, NULL, 0, NULL}
};

static int
ringbuf_exec(PyObject *module)
{
    ringbuf_module_state *st = get_module_state(module);
    PyObject *collections;

    st->RingError = PyErr_NewException("ringbuf.RingError", NULL, NULL);
    if (st->RingError == NULL)
        return -1;
    if (PyModule_AddObjectRef(module, "RingError", st->RingError) < 0)
        return -1;
    collections = PyImport_ImportModule("collections");
    if (collections == NULL)
        return -1;
    st->deque_cls = PyObject_GetAttrString(collections, "deque");
    Py_DECREF(collections);
    if (st->deque_cls == NULL)
        return -1;
    if (ringbuf_create_type(module, &Ring_spec, NULL, &st->Ring_Type) < 0)
        return -1;
    if (PyModule_AddObjectRef(module, "Ring", (PyObject *)st->Ring_Type) < 0)
        return -1;
    return 0;
}

static int
ringbuf_traverse(PyObject *module, visitproc visit, void *arg)
{
    ringbuf_module_state *st = get_module_state(module);
    Py_VISIT(st->RingError);
    Py_VISIT(st->deque_cls);
    Py_VISIT(st->Ring_Type);
    return 0;
}

static int
ringbuf_clear(PyObject *module)
{
    ringbuf_module_state *st = get_module_state(module);
    Py_CLEAR(st->RingError);
    Py_CLEAR(st->deque_cls);
    Py_CLEAR(st->Ring_Type);
    return 0;
}

static void
ringbuf_free(void *module)
{
    (void)ringbuf_clear((PyObject *)module);
}

static PyModuleDef_Slot ringbuf_slots[] = {
    {Py_mod_exec, ringbuf_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL}
};

static struct PyModuleDef ringbuf_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "ringbuf",
    .m_size = sizeof(ringbuf_module_state),
    .m_methods = ringbuf_methods,
    .m_slots = ringbuf_slots,
    .m_traverse = ringbuf_traverse,
    .m_clear = ringbuf_clear,
    .m_free = ringbuf_free,
};

PyMODINIT_FUNC
PyInit_ringbuf(void)
{
    return PyModuleDef_Init(&ringbuf_def);
}
