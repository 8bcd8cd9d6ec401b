/* ringbuf: a fixed-size ring of integers and a running-statistics accumulator.
 * Written in the order of the old tutorial: the types' tp_new is filled in by the init
 * function, after PyType_Ready, just before each type is added to the module. */
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *RingFull;      /* was: static PyObject *RingFull */
    PyTypeObject *RingType;  /* was: static PyTypeObject RingType */
    PyTypeObject *StatsType; /* was: static PyTypeObject StatsType */
} ringbuf_state;

static inline ringbuf_state *
get_ringbuf_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (ringbuf_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline ringbuf_state *
ringbuf_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (ringbuf_state *)state;
}

static int
ringbuf_traverse(PyObject *module, visitproc visit, void *arg)
{
    ringbuf_state *st = get_ringbuf_state(module);
    Py_VISIT(st->RingFull);
    Py_VISIT(st->RingType);
    Py_VISIT(st->StatsType);
    return 0;
}

static int
ringbuf_clear(PyObject *module)
{
    ringbuf_state *st = get_ringbuf_state(module);
    Py_CLEAR(st->RingFull);
    Py_CLEAR(st->RingType);
    Py_CLEAR(st->StatsType);
    return 0;
}

static void
ringbuf_free(void *module)
{
    (void)ringbuf_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
ringbuf_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
    Py_ssize_t size;
    Py_ssize_t head;
    Py_ssize_t count;
    long *items;
} RingObject;

static void
Ring_dealloc(RingObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    PyMem_Free(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static int
Ring_init(RingObject *self, PyObject *args, PyObject *kwds)
{
    Py_ssize_t size;

    if (!PyArg_ParseTuple(args, "n", &size))
        return -1;
    if (size <= 0) {
        PyErr_SetString(PyExc_ValueError, "size must be positive");
        return -1;
    }
    PyMem_Free(self->items);
    self->items = PyMem_New(long, size);
    if (self->items == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->size = size;
    self->head = 0;
    self->count = 0;
    return 0;
}

static PyObject *
Ring_push(RingObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);

    if (v == -1 && PyErr_Occurred())
        return NULL;
    if (self->items == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "ring not initialized");
        return NULL;
    }
    if (self->count == self->size) {
        ringbuf_state *st = ringbuf_get_state_of_type(Py_TYPE(self));
        PyErr_SetString(st->RingFull, "ring is full");
        return NULL;
    }
    self->items[(self->head + self->count) % self->size] = v;
    self->count++;
    Py_RETURN_NONE;
}

static PyObject *
Ring_pop(RingObject *self, PyObject *unused)
{
    long v;

    if (self->count == 0) {
        PyErr_SetString(PyExc_IndexError, "pop from an empty ring");
        return NULL;
    }
    v = self->items[self->head];
    self->head = (self->head + 1) % self->size;
    self->count--;
    return PyLong_FromLong(v);
}

static Py_ssize_t
Ring_length(RingObject *self)
{
    return self->count;
}

static PyMethodDef Ring_methods[] = {
    {"push", (PyCFunction)Ring_push, METH_O, "Append an integer; raises Full when the ring is full."},
    {"pop", (PyCFunction)Ring_pop, METH_NOARGS, "Remove and return the oldest integer."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Ring_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Ring_slots[] = {
    {Py_tp_dealloc, (void *)Ring_dealloc},
    {Py_sq_length, (void *)Ring_length},
    {Py_tp_doc, (void *)"A fixed-size ring of integers."},
    {Py_tp_traverse, (void *)Ring_traverse},
    {Py_tp_methods, (void *)Ring_methods},
    {Py_tp_init, (void *)Ring_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Ring_spec = {
    .name = "ringbuf.Ring",
    .basicsize = sizeof(RingObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Ring_slots,
};

typedef struct {
    PyObject_HEAD
    long n;
    double total;
} StatsObject;

static PyObject *
Stats_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    StatsObject *self;

    if (!PyArg_ParseTuple(args, ":Stats"))
        return NULL;
    self = (StatsObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->n = 0;
    self->total = 0.0;
    return (PyObject *)self;
}

static PyObject *
Stats_add(StatsObject *self, PyObject *arg)
{
    double v = PyFloat_AsDouble(arg);

    if (v == -1.0 && PyErr_Occurred())
        return NULL;
    self->n++;
    self->total += v;
    Py_RETURN_NONE;
}

static PyObject *
Stats_mean(StatsObject *self, PyObject *unused)
{
    if (self->n == 0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "mean of no values");
        return NULL;
    }
    return PyFloat_FromDouble(self->total / self->n);
}

static PyMethodDef Stats_methods[] = {
    {"add", (PyCFunction)Stats_add, METH_O, "Count one value."},
    {"mean", (PyCFunction)Stats_mean, METH_NOARGS, "The mean of the values counted."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Stats_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Stats_slots[] = {
    {Py_tp_doc, (void *)"Running count and mean."},
    {Py_tp_traverse, (void *)Stats_traverse},
    {Py_tp_methods, (void *)Stats_methods},
    {Py_tp_new, (void *)Stats_new},
    {0, NULL},
};

static PyType_Spec Stats_spec = {
    .name = "ringbuf.Stats",
    .basicsize = sizeof(StatsObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Stats_slots,
};

static int ringbuf_exec(PyObject *m);

static PyModuleDef_Slot ringbuf_slots[] = {
    {Py_mod_exec, (void *)ringbuf_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef ringbuf_module = {
    PyModuleDef_HEAD_INIT,
    "ringbuf",
    "Ring buffers and running statistics.",
    sizeof(ringbuf_state),
    NULL,
    ringbuf_slots,
    ringbuf_traverse,
    ringbuf_clear,
    ringbuf_free
};

static int
ringbuf_exec(PyObject *m)
{
    ringbuf_state *st = get_ringbuf_state(m);

    if (ringbuf_create_type(m, &Ring_spec, NULL, &st->RingType, 0) < 0)
        return -1;
    if (ringbuf_create_type(m, &Stats_spec, NULL, &st->StatsType, 0) < 0)
        return -1;

    st->RingFull = PyErr_NewException("ringbuf.Full", NULL, NULL);
    if (st->RingFull == NULL)
        goto error;
    Py_INCREF(st->RingFull);
    if (PyModule_AddObject(m, "Full", st->RingFull) < 0) {
        Py_DECREF(st->RingFull);
        goto error;
    }

    Py_INCREF(st->RingType);
    if (PyModule_AddObject(m, "Ring", (PyObject *)st->RingType) < 0) {
        Py_DECREF(st->RingType);
        goto error;
    }

    Py_INCREF(st->StatsType);
    if (PyModule_AddObject(m, "Stats", (PyObject *)st->StatsType) < 0) {
        Py_DECREF(st->StatsType);
        goto error;
    }
    return 0;

error:
    return -1;
}

PyMODINIT_FUNC
PyInit_ringbuf(void)
{
    return PyModuleDef_Init(&ringbuf_module);
}
