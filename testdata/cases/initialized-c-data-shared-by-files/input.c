/*
 * lzpack: a codec that allocates through an allocator struct handed to it by address, as the
 * LZMA SDK's ISzAlloc is; the struct is defined here and declared in the module's header.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "lzpack.h"

static void *
SzAlloc(BlockAlloc *p, size_t size)
{
    (void)p;
    return PyMem_RawMalloc(size ? size : 1);
}

static void
SzFree(BlockAlloc *p, void *address)
{
    (void)p;
    PyMem_RawFree(address);
}

BlockAlloc allocator = { SzAlloc, SzFree };

static PyObject *
lzpack_pack(PyObject *self, PyObject *args)
{
    Py_buffer view;
    unsigned char *block;
    size_t len;
    PyObject *result;

    if (!PyArg_ParseTuple(args, "y*:pack", &view))
        return NULL;
    block = lz_pack((const unsigned char *)view.buf, (size_t)view.len, &len);
    PyBuffer_Release(&view);
    if (block == NULL)
        return PyErr_NoMemory();
    result = PyBytes_FromStringAndSize((const char *)block, (Py_ssize_t)len);
    lz_release(block);
    return result;
}

static PyObject *
lzpack_scratch(PyObject *self, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    void *p;

    if (n == -1 && PyErr_Occurred())
        return NULL;
    p = allocator.Alloc(&allocator, (size_t)n);
    if (p == NULL)
        return PyErr_NoMemory();
    memset(p, 0, (size_t)n);
    allocator.Free(&allocator, p);
    Py_RETURN_TRUE;
}

static PyMethodDef lzpack_methods[] = {
    {"pack", lzpack_pack, METH_VARARGS, "pack(data) -> bytes of (run, byte) pairs"},
    {"scratch", lzpack_scratch, METH_O, "scratch(n): allocate and free n bytes through the allocator"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef lzpack_module = {
    PyModuleDef_HEAD_INIT,
    "lzpack",
    NULL,
    -1,
    lzpack_methods
};

PyMODINIT_FUNC
PyInit_lzpack(void)
{
    return PyModule_Create(&lzpack_module);
}
