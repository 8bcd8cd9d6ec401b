/*
 * rlepack: run-length packing through a small codec that allocates with the allocator it is
 * given (as compression libraries do), plus tunable tables that start with defaults.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

typedef struct ByteAlloc {
    void *(*alloc)(struct ByteAlloc *a, size_t size);
    void (*release)(struct ByteAlloc *a, void *ptr);
    size_t live;    /* blocks handed out and not yet released */
} ByteAlloc;

static void *
ba_alloc(ByteAlloc *a, size_t size)
{
    void *p = PyMem_RawMalloc(size ? size : 1);
    if (p != NULL)
        a->live++;
    return p;
}

static void
ba_release(ByteAlloc *a, void *ptr)
{
    if (ptr != NULL) {
        a->live--;
        PyMem_RawFree(ptr);
    }
}

/* The allocator handed to the codec: it counts what the codec holds. */
static ByteAlloc allocator = { ba_alloc, ba_release, 0 };

/* The longest run per level; set_max_run() tunes them. */
static unsigned int max_run[4] = { 255, 127, 63, 15 };

/* Per mode: how many bytes each byte counts as in weight(). */
static unsigned char weights[2][4] = {
    { 1, 2, 3, 4 },
    { 4, 3, 2, 1 },
};

/* The codec: pairs of (run length, byte). */
static unsigned char *
rle_pack(const unsigned char *in, size_t n, unsigned int limit, size_t *outlen, ByteAlloc *a)
{
    unsigned char *out = (unsigned char *)a->alloc(a, 2 * n);
    size_t i = 0, o = 0;

    if (out == NULL)
        return NULL;
    while (i < n) {
        size_t run = 1;
        while (i + run < n && in[i + run] == in[i] && run < limit)
            run++;
        out[o++] = (unsigned char)run;
        out[o++] = in[i];
        i += run;
    }
    *outlen = o;
    return out;
}

static PyObject *
rlepack_pack(PyObject *module, PyObject *args)
{
    Py_buffer view;
    int level = 0;
    unsigned char *packed;
    size_t len;
    PyObject *result;

    if (!PyArg_ParseTuple(args, "y*|i:pack", &view, &level))
        return NULL;
    if (level < 0 || level > 3) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "level must be 0..3");
        return NULL;
    }
    packed = rle_pack((const unsigned char *)view.buf, (size_t)view.len, max_run[level], &len, &allocator);
    PyBuffer_Release(&view);
    if (packed == NULL)
        return PyErr_NoMemory();
    result = PyBytes_FromStringAndSize((const char *)packed, (Py_ssize_t)len);
    allocator.release(&allocator, packed);
    return result;
}

static PyObject *
rlepack_set_max_run(PyObject *module, PyObject *args)
{
    int level;
    unsigned int n;

    if (!PyArg_ParseTuple(args, "iI:set_max_run", &level, &n))
        return NULL;
    if (level < 0 || level > 3 || n < 1 || n > 255) {
        PyErr_SetString(PyExc_ValueError, "level must be 0..3 and the run 1..255");
        return NULL;
    }
    max_run[level] = n;
    Py_RETURN_NONE;
}

static PyObject *
rlepack_set_weight(PyObject *module, PyObject *args)
{
    int mode, k, w;

    if (!PyArg_ParseTuple(args, "iii:set_weight", &mode, &k, &w))
        return NULL;
    if (mode < 0 || mode > 1 || k < 0 || k > 3 || w < 0 || w > 255) {
        PyErr_SetString(PyExc_ValueError, "no such weight");
        return NULL;
    }
    weights[mode][k] = (unsigned char)w;
    Py_RETURN_NONE;
}

static PyObject *
rlepack_weight(PyObject *module, PyObject *args)
{
    Py_buffer view;
    int mode = 0;
    Py_ssize_t i;
    unsigned long total = 0;

    if (!PyArg_ParseTuple(args, "y*|i:weight", &view, &mode))
        return NULL;
    if (mode < 0 || mode > 1) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "mode must be 0 or 1");
        return NULL;
    }
    for (i = 0; i < view.len; i++)
        total += weights[mode][((const unsigned char *)view.buf)[i] & 3];
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(total);
}

static PyObject *
rlepack_live(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromSize_t(allocator.live);
}

static PyMethodDef rlepack_methods[] = {
    {"pack", rlepack_pack, METH_VARARGS, "pack(data, level=0) -> bytes of (run, byte) pairs"},
    {"set_max_run", rlepack_set_max_run, METH_VARARGS, "set_max_run(level, n)"},
    {"set_weight", rlepack_set_weight, METH_VARARGS, "set_weight(mode, k, w)"},
    {"weight", rlepack_weight, METH_VARARGS, "weight(data, mode=0) -> int"},
    {"live", rlepack_live, METH_NOARGS, "blocks the codec holds"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef rlepack_module = {
    PyModuleDef_HEAD_INIT,
    "rlepack",
    "Run-length packing through a codec with a counting allocator.",
    -1,
    rlepack_methods
};

PyMODINIT_FUNC
PyInit_rlepack(void)
{
    return PyModule_Create(&rlepack_module);
}
