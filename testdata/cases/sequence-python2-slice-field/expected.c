/* A positional PySequenceMethods still written with Python 2's sq_slice and sq_ass_slice in the places
 * Python 3 keeps as was_sq_slice and was_sq_ass_slice, never read. The slicing functions are reached
 * through mp_subscript too; the heap type's spec has no slot for those two fields, so they go. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    char data[8];
} BufObject;

static Py_ssize_t
buf_length(BufObject *self)
{
    return 8;
}

static PyObject *
buf_item(BufObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= 8) {
        PyErr_SetString(PyExc_IndexError, "index out of range");
        return NULL;
    }
    return PyBytes_FromStringAndSize(self->data + i, 1);
}

static PyObject *
buf_slice(BufObject *self, Py_ssize_t left, Py_ssize_t right)
{
    return PyBytes_FromStringAndSize(self->data + left, right - left);
}

static PyObject *
buf_subscript(BufObject *self, PyObject *item)
{
    Py_ssize_t start, stop, step, length;

    if (PyIndex_Check(item)) {
        Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        return buf_item(self, i < 0 ? i + 8 : i);
    }
    if (PySlice_GetIndicesEx(item, 8, &start, &stop, &step, &length) < 0)
        return NULL;
    if (step != 1) {
        PyErr_SetString(PyExc_ValueError, "step must be 1");
        return NULL;
    }
    return buf_slice(self, start, stop);
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Buf_Type; /* was: static PyTypeObject Buf_Type */
} bufs_state;

static inline bufs_state *
get_bufs_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (bufs_state *)state;
}

static int
bufs_traverse(PyObject *module, visitproc visit, void *arg)
{
    bufs_state *st = get_bufs_state(module);
    Py_VISIT(st->Buf_Type);
    return 0;
}

static int
bufs_clear(PyObject *module)
{
    bufs_state *st = get_bufs_state(module);
    Py_CLEAR(st->Buf_Type);
    return 0;
}

static void
bufs_free(void *module)
{
    (void)bufs_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
bufs_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type, int disallow_new)
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
            PyErr_NoMemory(); /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
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
buf_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    BufObject *self = (BufObject *)type->tp_alloc(type, 0);

    if (self != NULL)
        memcpy(self->data, "abcdefgh", 8);
    return (PyObject *)self;
}

/* Heap types are GC types: instances keep their type alive, the collector must see it (pyext-isolate). */
static int
Buf_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Buf_slots[] = {
    {Py_sq_length, (void *)buf_length},
    {Py_sq_item, (void *)buf_item},
    {Py_mp_length, (void *)buf_length},
    {Py_mp_subscript, (void *)buf_subscript},
    {Py_tp_traverse, (void *)Buf_traverse},
    {Py_tp_new, (void *)buf_new},
    {0, NULL},
};

static PyType_Spec Buf_spec = {
    .name = "bufs.Buf",
    .basicsize = sizeof(BufObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Buf_slots,
};

static int bufs_exec(PyObject *m);

static PyModuleDef_Slot bufs_slots[] = {
    {Py_mod_exec, (void *)bufs_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef bufs_module = {
    PyModuleDef_HEAD_INIT, "bufs", NULL, sizeof(bufs_state), NULL,
    bufs_slots,
    bufs_traverse,
    bufs_clear,
    bufs_free
};

static int
bufs_exec(PyObject *m)
{
    bufs_state *st = get_bufs_state(m);

    if (bufs_create_type(m, &Buf_spec, NULL, &st->Buf_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Buf_Type);
    if (PyModule_AddObject(m, "Buf", (PyObject *)st->Buf_Type) < 0) {
        Py_DECREF(st->Buf_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_bufs(void)
{
    return PyModuleDef_Init(&bufs_module);
}
