/*
 * chunkbuf: growable byte buffers stored in fixed-size chunks. A buffer that dies gives its
 * chunks back to a small pool that the next buffer takes them from, and a counter follows the
 * live buffers: both are C data that the buffer's dealloc updates.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

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

static chunk_pool spare;
static Py_ssize_t live_buffers;

typedef struct {
    PyObject_HEAD
    chunk *first;
    chunk *last;
    Py_ssize_t size;
    PyObject *owner;
} BufferObject;

static PyTypeObject Buffer_Type;

static chunk *
chunk_get(void)
{
    chunk *c;

    if (spare.count > 0) {
        spare.count--;
        c = spare.items[spare.count];
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
chunk_put(chunk *c)
{
    if (spare.count < MAX_SPARE) {
        spare.items[spare.count] = c;
        spare.count++;
    }
    else {
        PyMem_Free(c);
    }
}

static void
release_chunks(chunk *c)
{
    while (c != NULL) {
        chunk *next = c->next;
        chunk_put(c);
        c = next;
    }
}

static PyObject *
Buffer_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    BufferObject *self;

    if (!PyArg_ParseTuple(args, ":Buffer"))
        return NULL;
    self = (BufferObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->first = self->last = NULL;
    self->size = 0;
    self->owner = NULL;
    live_buffers++;
    return (PyObject *)self;
}

static int
Buffer_traverse(BufferObject *self, visitproc visit, void *arg)
{
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
    PyObject_GC_UnTrack(self);
    Buffer_clear(self);
    release_chunks(self->first);
    live_buffers--;
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Buffer_write(BufferObject *self, PyObject *arg)
{
    Py_buffer view;
    const char *p;
    Py_ssize_t left;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    p = view.buf;
    left = view.len;
    while (left > 0) {
        Py_ssize_t n;

        if (self->last == NULL || self->last->used == CHUNK_SIZE) {
            chunk *c = chunk_get();
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
    release_chunks(self->first);
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

static PyTypeObject Buffer_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "chunkbuf.Buffer",
    .tp_basicsize = sizeof(BufferObject),
    .tp_dealloc = (destructor)Buffer_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A byte buffer kept in chunks.",
    .tp_traverse = (traverseproc)Buffer_traverse,
    .tp_clear = (inquiry)Buffer_clear,
    .tp_methods = Buffer_methods,
    .tp_new = Buffer_new,
};

static PyObject *
chunkbuf_stats(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("ni", live_buffers, spare.count);
}

static PyMethodDef chunkbuf_methods[] = {
    {"stats", chunkbuf_stats, METH_NOARGS, "(live buffers, spare chunks)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef chunkbufmodule = {
    PyModuleDef_HEAD_INIT,
    "chunkbuf",
    "Byte buffers kept in pooled chunks.",
    -1,
    chunkbuf_methods,
};

PyMODINIT_FUNC
PyInit_chunkbuf(void)
{
    PyObject *m;

    if (PyType_Ready(&Buffer_Type) < 0)
        return NULL;
    m = PyModule_Create(&chunkbufmodule);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Buffer_Type);
    if (PyModule_AddObject(m, "Buffer", (PyObject *)&Buffer_Type) < 0) {
        Py_DECREF(&Buffer_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
