/* ringbuf: a fixed-size ring of recent values, for Python 2 and 3 alike. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#if PY_MAJOR_VERSION >= 3
#define HAVE_PY3
#endif

#ifdef HAVE_PY3
#define TEXT_FROM_STRING PyUnicode_FromString
#else
#define TEXT_FROM_STRING PyString_FromString
#endif

#define RING_SIZE 8

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *RingError;    /* was: static PyObject *RingError */
    PyTypeObject *RingType; /* was: static PyTypeObject RingType */
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
    Py_VISIT(st->RingError);
    Py_VISIT(st->RingType);
    return 0;
}

static int
ringbuf_clear(PyObject *module)
{
    ringbuf_state *st = get_ringbuf_state(module);
    Py_CLEAR(st->RingError);
    Py_CLEAR(st->RingType);
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
    PyObject *items[RING_SIZE];
    int next;
    int count;
} RingObject;

static int
Ring_traverse(RingObject *self, visitproc visit, void *arg)
{
    int i;

    Py_VISIT(Py_TYPE(self));
    for (i = 0; i < RING_SIZE; i++)
        Py_VISIT(self->items[i]);
    return 0;
}

static int
Ring_clear(RingObject *self)
{
    int i;

    for (i = 0; i < RING_SIZE; i++)
        Py_CLEAR(self->items[i]);
    return 0;
}

static void
Ring_dealloc(RingObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Ring_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Ring_push(RingObject *self, PyObject *value)
{
    Py_INCREF(value);
    Py_XSETREF(self->items[self->next], value);
    self->next = (self->next + 1) % RING_SIZE;
    if (self->count < RING_SIZE)
        self->count++;
    Py_RETURN_NONE;
}

static PyObject *
Ring_oldest(RingObject *self, PyObject *unused)
{
    PyObject *item;

    if (self->count == 0) {
        ringbuf_state *st = ringbuf_get_state_of_type(Py_TYPE(self));
        PyErr_SetString(st->RingError, "the ring is empty");
        return NULL;
    }
    item = self->items[(self->next - self->count + RING_SIZE) % RING_SIZE];
    Py_INCREF(item);
    return item;
}

static PyObject *
Ring_describe(RingObject *self, PyObject *unused)
{
    char buf[64];

    PyOS_snprintf(buf, sizeof(buf), "ring of %d/%d", self->count, RING_SIZE);
    return TEXT_FROM_STRING(buf);
}

static PyMethodDef Ring_methods[] = {
    {"push", (PyCFunction)Ring_push, METH_O, "Adds a value, dropping the oldest when full."},
    {"oldest", (PyCFunction)Ring_oldest, METH_NOARGS, "The oldest value kept."},
    {"describe", (PyCFunction)Ring_describe, METH_NOARGS, "How full the ring is."},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Ring_slots[] = {
    {Py_tp_dealloc, (void *)Ring_dealloc},
    {Py_tp_doc, (void *)"A ring of the last few values."},
    {Py_tp_traverse, (void *)Ring_traverse},
    {Py_tp_clear, (void *)Ring_clear},
    {Py_tp_methods, (void *)Ring_methods},
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

static PyMethodDef ringbuf_methods[] = {
    {NULL, NULL, 0, NULL}
};

#ifdef HAVE_PY3
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
    "Rings of recent values.",
    sizeof(ringbuf_state),
    ringbuf_methods,
    ringbuf_slots,
    ringbuf_traverse,
    ringbuf_clear,
    ringbuf_free
};
#endif

static int
ringbuf_exec(PyObject *m)
{
    ringbuf_state *st = get_ringbuf_state(m);

    if (ringbuf_create_type(m, &Ring_spec, NULL, &st->RingType, 0) < 0)
        goto error;
#ifdef HAVE_PY3
#else
    m = Py_InitModule3("ringbuf", ringbuf_methods, "Rings of recent values.");
#endif
    st->RingError = PyErr_NewException("ringbuf.RingError", NULL, NULL);
    if (st->RingError == NULL)
        goto error;
    Py_INCREF(st->RingError);
    if (PyModule_AddObject(m, "RingError", st->RingError) < 0) {
        Py_DECREF(st->RingError);
        goto error;
    }
    Py_INCREF(st->RingType);
    if (PyModule_AddObject(m, "Ring", (PyObject *)st->RingType) < 0) {
        Py_DECREF(st->RingType);
        goto error;
    }
#ifdef HAVE_PY3
    return 0;
#else
    return;
#endif

error:
#ifdef HAVE_PY3
    return -1;
#else
    return;
#endif
}

PyMODINIT_FUNC
PyInit_ringbuf(void)
{
    return PyModuleDef_Init(&ringbuf_module);
}
