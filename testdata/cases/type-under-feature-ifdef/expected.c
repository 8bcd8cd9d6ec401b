/* A queue type that exists only where the platform has message queues, next to an unconditional counter type. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

#ifndef QMOD_NO_MQUEUE
#define QMOD_HAVE_MQUEUE 1
#endif

typedef struct {
    PyObject_HEAD
    long value;
} CounterObject;

static PyObject *
Counter_incr(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->value++;
    return PyLong_FromLong(self->value);
}

static PyMethodDef Counter_methods[] = {
    {"incr", (PyCFunction)Counter_incr, METH_NOARGS, "Add one and return the count."},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *CounterType; /* was: static PyTypeObject CounterType */
#ifdef QMOD_HAVE_MQUEUE
    PyTypeObject *QueueType;   /* was: static PyTypeObject QueueType */
#endif
} qmod_state;

static inline qmod_state *
get_qmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (qmod_state *)state;
}

static int
qmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    qmod_state *st = get_qmod_state(module);
    Py_VISIT(st->CounterType);
#ifdef QMOD_HAVE_MQUEUE
    Py_VISIT(st->QueueType);
#endif
    return 0;
}

static int
qmod_clear(PyObject *module)
{
    qmod_state *st = get_qmod_state(module);
    Py_CLEAR(st->CounterType);
#ifdef QMOD_HAVE_MQUEUE
    Py_CLEAR(st->QueueType);
#endif
    return 0;
}

static void
qmod_free(void *module)
{
    (void)qmod_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
qmod_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
    .name = "qmod.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

#ifdef QMOD_HAVE_MQUEUE
typedef struct {
    PyObject_HEAD
    PyObject *items;
} QueueObject;

static PyObject *
Queue_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    QueueObject *self = (QueueObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->items = PyList_New(0);
    if (self->items == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void
Queue_dealloc(QueueObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Queue_send(QueueObject *self, PyObject *msg)
{
    if (PyList_Append(self->items, msg) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
Queue_receive(QueueObject *self, PyObject *Py_UNUSED(ignored))
{
    if (PyList_GET_SIZE(self->items) == 0) {
        PyErr_SetString(PyExc_LookupError, "queue is empty");
        return NULL;
    }
    PyObject *msg = PyList_GetItem(self->items, 0);
    Py_INCREF(msg);
    if (PySequence_DelItem(self->items, 0) < 0) {
        Py_DECREF(msg);
        return NULL;
    }
    return msg;
}

static PyMethodDef Queue_methods[] = {
    {"send", (PyCFunction)Queue_send, METH_O, "Put a message at the back."},
    {"receive", (PyCFunction)Queue_receive, METH_NOARGS, "Take the message at the front."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Queue_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Queue_slots[] = {
    {Py_tp_dealloc, (void *)Queue_dealloc},
    {Py_tp_doc, (void *)"A message queue."},
    {Py_tp_traverse, (void *)Queue_traverse},
    {Py_tp_methods, (void *)Queue_methods},
    {Py_tp_new, (void *)Queue_new},
    {0, NULL},
};

static PyType_Spec Queue_spec = {
    .name = "qmod.Queue",
    .basicsize = sizeof(QueueObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Queue_slots,
};

static PyObject *
qmod_make_queue(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    qmod_state *st = get_qmod_state(module);
    return PyObject_CallObject((PyObject *)st->QueueType, NULL);
}
#endif

static PyMethodDef qmod_methods[] = {
#ifdef QMOD_HAVE_MQUEUE
    {"make_queue", qmod_make_queue, METH_NOARGS, "A new empty queue."},
#endif
    {NULL, NULL, 0, NULL}
};

static int qmod_exec(PyObject *m);

static PyModuleDef_Slot qmod_slots[] = {
    {Py_mod_exec, (void *)qmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef qmodmodule = {
    PyModuleDef_HEAD_INIT,
    "qmod",
    "Counters, and message queues where the platform has them.",
    sizeof(qmod_state),
    qmod_methods,
    qmod_slots,
    qmod_traverse,
    qmod_clear,
    qmod_free
};

static int
qmod_exec(PyObject *m)
{
    qmod_state *st = get_qmod_state(m);

    if (qmod_create_type(m, &Counter_spec, NULL, &st->CounterType, 0) < 0)
        return -1;
#ifdef QMOD_HAVE_MQUEUE
    if (qmod_create_type(m, &Queue_spec, NULL, &st->QueueType, 0) < 0)
        return -1;
#endif

    Py_INCREF(st->CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)st->CounterType) < 0) {
        Py_DECREF(st->CounterType);
        return -1;
    }
#ifdef QMOD_HAVE_MQUEUE
    Py_INCREF(st->QueueType);
    if (PyModule_AddObject(m, "Queue", (PyObject *)st->QueueType) < 0) {
        Py_DECREF(st->QueueType);
        return -1;
    }
#endif
    return 0;
}

PyMODINIT_FUNC
PyInit_qmod(void)
{
    return PyModuleDef_Init(&qmodmodule);
}
