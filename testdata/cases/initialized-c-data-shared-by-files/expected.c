/*
 * lzpack: a codec that allocates through an allocator struct handed to it by address, as the
 * LZMA SDK's ISzAlloc is; the struct is defined here and declared in the module's header.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "lzpack.h"
#include "lzpack_state.h"

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

static const BlockAlloc allocator_initial = { SzAlloc, SzFree };

static PyObject *
lzpack_pack(PyObject *self, PyObject *args)
{
    lzpack_state *st = get_lzpack_state(self);
    Py_buffer view;
    unsigned char *block;
    size_t len;
    PyObject *result;

    if (!PyArg_ParseTuple(args, "y*:pack", &view))
        return NULL;
    block = lz_pack(st, (const unsigned char *)view.buf, (size_t)view.len, &len);
    PyBuffer_Release(&view);
    if (block == NULL)
        return PyErr_NoMemory();
    result = PyBytes_FromStringAndSize((const char *)block, (Py_ssize_t)len);
    lz_release(st, block);
    return result;
}

static PyObject *
lzpack_scratch(PyObject *self, PyObject *arg)
{
    lzpack_state *st = get_lzpack_state(self);
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    void *p;

    if (n == -1 && PyErr_Occurred())
        return NULL;
    p = st->allocator.Alloc(&st->allocator, (size_t)n);
    if (p == NULL)
        return PyErr_NoMemory();
    memset(p, 0, (size_t)n);
    st->allocator.Free(&st->allocator, p);
    Py_RETURN_TRUE;
}

static PyMethodDef lzpack_methods[] = {
    {"pack", lzpack_pack, METH_VARARGS, "pack(data) -> bytes of (run, byte) pairs"},
    {"scratch", lzpack_scratch, METH_O, "scratch(n): allocate and free n bytes through the allocator"},
    {NULL, NULL, 0, NULL}
};

static int lzpack_exec(PyObject *module);

static PyModuleDef_Slot lzpack_slots[] = {
    {Py_mod_exec, (void *)lzpack_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef lzpack_module = {
    PyModuleDef_HEAD_INIT,
    "lzpack",
    NULL,
    sizeof(lzpack_state),
    lzpack_methods,
    lzpack_slots
};

static int
lzpack_exec(PyObject *module)
{
    lzpack_state *st = get_lzpack_state(module);
    st->allocator = allocator_initial;
    return 0;
}

PyMODINIT_FUNC
PyInit_lzpack(void)
{
    return PyModuleDef_Init(&lzpack_module);
}
