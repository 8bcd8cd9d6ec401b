/*
 * blockstat: splits bytes into blocks of a settable size and counts what it split.
 */
#include "blockstat.h"

Py_ssize_t total_split = 0;
Py_ssize_t block_size = 4096;
long exact_splits = 0;
long tail_splits = 0;

static PyObject *
blockstat_split(PyObject *self, PyObject *arg)
{
    Py_buffer view;
    PyObject *blocks;
    Py_ssize_t pos;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    blocks = PyList_New(0);
    if (blocks == NULL) {
        PyBuffer_Release(&view);
        return NULL;
    }
    for (pos = 0; pos < view.len; pos += block_size) {
        Py_ssize_t n = view.len - pos < block_size ? view.len - pos : block_size;
        PyObject *block = PyBytes_FromStringAndSize((const char *)view.buf + pos, n);
        if (block == NULL || PyList_Append(blocks, block) < 0) {
            Py_XDECREF(block);
            Py_DECREF(blocks);
            PyBuffer_Release(&view);
            return NULL;
        }
        Py_DECREF(block);
    }
    BLOCKSTAT_COUNT(view.len, view.len % block_size != 0);
    PyBuffer_Release(&view);
    return blocks;
}

static PyObject *
blockstat_set_block_size(PyObject *self, PyObject *arg)
{
    Py_ssize_t size = PyLong_AsSsize_t(arg);

    if (size == -1 && PyErr_Occurred())
        return NULL;
    if (size < 1) {
        PyErr_SetString(PyExc_ValueError, "block size must be positive");
        return NULL;
    }
    block_size = size;
    Py_RETURN_NONE;
}

static PyObject *
blockstat_stats(PyObject *self, PyObject *unused)
{
    return Py_BuildValue("(nnll)", total_split, block_size, exact_splits, tail_splits);
}

static PyMethodDef blockstat_methods[] = {
    {"split", blockstat_split, METH_O, "Split a bytes-like object into blocks."},
    {"set_block_size", blockstat_set_block_size, METH_O, "Set the size of the next splits' blocks."},
    {"stats", blockstat_stats, METH_NOARGS, "(bytes split, block size, exact splits, splits with a tail)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef blockstat_module = {
    PyModuleDef_HEAD_INIT,
    "blockstat",
    "Block splitting with counters.",
    -1,
    blockstat_methods,
};

PyMODINIT_FUNC
PyInit_blockstat(void)
{
    return PyModule_Create(&blockstat_module);
}
