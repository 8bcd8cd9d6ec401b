/*
 * chunkbuf: growable byte buffers stored in fixed-size chunks. A buffer that dies gives its
 * chunks back to a small pool that the next buffer takes them from, and a counter follows the
 * live buffers: both are C data that the buffer's dealloc updates.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "pyext_isolate_compat.h"

#define CHUNK_SIZE 64
#define MAX_SPARE 32

typedef struct chunk {
    struct chunk *next;
    Py_ssize_t used;
    char data[CHUNK_SIZE];
} chunk;

typedef struct {
    int count;
    chunk *items[MAX_SPARE];
} chunk_pool;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    chunk_pool spare;          /* was: static chunk_pool spare */
    Py_ssize_t live_buffers;   /* was: static Py_ssize_t live_buffers */
    PyTypeObject *Buffer_Type; /* was: static PyTypeObject Buffer_Type */
} chunkbuf_state;

static struct PyModuleDef chunkbufmodule;

static inline chunkbuf_state *
get_chunkbuf_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (chunkbuf_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline chunkbuf_state *
chunkbuf_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &chunkbufmodule);
    return module == NULL ? NULL : get_chunkbuf_state(module);
}

/* In a teardown slot: the state of the module that defined `type` or one of its bases, or NULL
 * once that module is gone (the GC clears a type's module before the objects that die with it). */
static inline chunkbuf_state *
chunkbuf_get_state_in_teardown(PyTypeObject *type)
{
    PyTypeObject *base;
    for (base = type; base != NULL; base = base->tp_base) {
        PyObject *module = PyType_HasFeature(base, Py_TPFLAGS_HEAPTYPE)
                           ? ((PyHeapTypeObject *)base)->ht_module : NULL;
        if (module != NULL && PyModule_GetDef(module) == &chunkbufmodule)
            return get_chunkbuf_state(module);
    }
    return NULL;
}

static int
chunkbuf_traverse(PyObject *module, visitproc visit, void *arg)
{
    chunkbuf_state *st = get_chunkbuf_state(module);
    Py_VISIT(st->Buffer_Type);
    return 0;
}

static int
chunkbuf_clear(PyObject *module)
{
    chunkbuf_state *st = get_chunkbuf_state(module);
    Py_CLEAR(st->Buffer_Type);
    return 0;
}

static void
chunkbuf_free(void *module)
{
    (void)chunkbuf_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
chunkbuf_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    chunk *first;
    chunk *last;
    Py_ssize_t size;
    PyObject *owner;
} BufferObject;

/* The state of `self`, a BufferObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline chunkbuf_state *
chunkbuf_get_state_of_BufferObject(BufferObject *self)
{
    if (self->module_state == NULL)
        self->module_state = chunkbuf_get_state_by_type(Py_TYPE(self));
    return (chunkbuf_state *)self->module_state;
}

static chunk *
chunk_get(chunkbuf_state *st)
{
    chunk *c;

    if (st->spare.count > 0) {
        st->spare.count--;
        c = st->spare.items[st->spare.count];
    }
    else {
        c = PyMem_Malloc(sizeof(chunk));
        if (c == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
    }
    c->next = NULL;
    c->used = 0;
    return c;
}

static void
chunk_put(chunkbuf_state *st, chunk *c)
{
    if (st != NULL && st->spare.count < MAX_SPARE) {
        st->spare.items[st->spare.count] = c;
        st->spare.count++;
    }
    else {
        PyMem_Free(c);
    }
}

static void
release_chunks(chunkbuf_state *st, chunk *c)
{
    while (c != NULL) {
        chunk *next = c->next;
        chunk_put(st, c);
        c = next;
    }
}

static PyObject *
Buffer_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    chunkbuf_state *st = chunkbuf_get_state_by_type(type);
    BufferObject *self;

    if (st == NULL)
        return NULL;
    if (!PyArg_ParseTuple(args, ":Buffer"))
        return NULL;
    self = (BufferObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->first = self->last = NULL;
    self->size = 0;
    self->owner = NULL;
    st->live_buffers++;
    return (PyObject *)self;
}

static int
Buffer_traverse(BufferObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->owner);
    return 0;
}

static int
Buffer_clear(BufferObject *self)
{
    Py_CLEAR(self->owner);
    return 0;
}

static void
Buffer_dealloc(BufferObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    chunkbuf_state *st = chunkbuf_get_state_in_teardown(Py_TYPE(self));

    PyObject_GC_UnTrack(self);
    Buffer_clear(self);
    release_chunks(st, self->first);
    if (st != NULL)
        st->live_buffers--;
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Buffer_write(BufferObject *self, PyObject *arg)
{
    chunkbuf_state *st = chunkbuf_get_state_of_BufferObject(self);
    Py_buffer view;
    const char *p;
    Py_ssize_t left;

    if (st == NULL)
        return NULL;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    p = view.buf;
    left = view.len;
    while (left > 0) {
        Py_ssize_t n;

        if (self->last == NULL || self->last->used == CHUNK_SIZE) {
            chunk *c = chunk_get(st);
            if (c == NULL) {
                PyBuffer_Release(&view);
                return NULL;
            }
            if (self->last == NULL)
                self->first = c;
            else
                self->last->next = c;
            self->last = c;
        }
        n = CHUNK_SIZE - self->last->used;
        if (n > left)
            n = left;
        memcpy(self->last->data + self->last->used, p, n);
        self->last->used += n;
        self->size += n;
        p += n;
        left -= n;
    }
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

static PyObject *
Buffer_getvalue(BufferObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *out = PyBytes_FromStringAndSize(NULL, self->size);
    char *p;
    chunk *c;

    if (out == NULL)
        return NULL;
    p = PyBytes_AS_STRING(out);
    for (c = self->first; c != NULL; c = c->next) {
        memcpy(p, c->data, c->used);
        p += c->used;
    }
    return out;
}

static PyObject *
Buffer_reset(BufferObject *self, PyObject *Py_UNUSED(ignored))
{
    chunkbuf_state *st = chunkbuf_get_state_of_BufferObject(self);

    if (st == NULL)
        return NULL;
    release_chunks(st, self->first);
    self->first = self->last = NULL;
    self->size = 0;
    Py_RETURN_NONE;
}

static PyObject *
Buffer_hold(BufferObject *self, PyObject *value)
{
    Py_INCREF(value);
    Py_XSETREF(self->owner, value);
    Py_RETURN_NONE;
}

static PyMethodDef Buffer_methods[] = {
    {"write", (PyCFunction)Buffer_write, METH_O, "Append bytes."},
    {"getvalue", (PyCFunction)Buffer_getvalue, METH_NOARGS, "All bytes written so far."},
    {"reset", (PyCFunction)Buffer_reset, METH_NOARGS, "Drop the contents."},
    {"hold", (PyCFunction)Buffer_hold, METH_O, "Keep an object alive as long as the buffer."},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Buffer_slots[] = {
    {Py_tp_dealloc, (void *)Buffer_dealloc},
    {Py_tp_doc, (void *)"A byte buffer kept in chunks."},
    {Py_tp_traverse, (void *)Buffer_traverse},
    {Py_tp_clear, (void *)Buffer_clear},
    {Py_tp_methods, (void *)Buffer_methods},
    {Py_tp_new, (void *)Buffer_new},
    {0, NULL},
};

static PyType_Spec Buffer_spec = {
    .name = "chunkbuf.Buffer",
    .basicsize = sizeof(BufferObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Buffer_slots,
};

static PyObject *
chunkbuf_stats(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    chunkbuf_state *st = get_chunkbuf_state(module);

    return Py_BuildValue("ni", st->live_buffers, st->spare.count);
}

static PyMethodDef chunkbuf_methods[] = {
    {"stats", chunkbuf_stats, METH_NOARGS, "(live buffers, spare chunks)"},
    {NULL, NULL, 0, NULL}
};

static int chunkbuf_exec(PyObject *m);

static PyModuleDef_Slot chunkbuf_slots[] = {
    {Py_mod_exec, (void *)chunkbuf_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef chunkbufmodule = {
    PyModuleDef_HEAD_INIT,
    "chunkbuf",
    "Byte buffers kept in pooled chunks.",
    sizeof(chunkbuf_state),
    chunkbuf_methods,
    chunkbuf_slots,
    chunkbuf_traverse,
    chunkbuf_clear,
    chunkbuf_free,
};

static int
chunkbuf_exec(PyObject *m)
{
    chunkbuf_state *st = get_chunkbuf_state(m);

    if (chunkbuf_create_type(m, &Buffer_spec, NULL, &st->Buffer_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Buffer_Type);
    if (PyModule_AddObject(m, "Buffer", (PyObject *)st->Buffer_Type) < 0) {
        Py_DECREF(st->Buffer_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_chunkbuf(void)
{
    return PyModuleDef_Init(&chunkbufmodule);
}
