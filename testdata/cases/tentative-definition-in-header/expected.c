/*
 * blockstat: splits bytes into blocks of a settable size and counts what it split.
 */
#include "blockstat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    Py_ssize_t total_split; /* was: Py_ssize_t total_split */
    Py_ssize_t block_size;  /* was: Py_ssize_t block_size */
    long exact_splits;      /* was: long exact_splits */
    long tail_splits;       /* was: long tail_splits */
} blockstat_state;

static inline blockstat_state *
get_blockstat_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (blockstat_state *)state;
}

static PyObject *
blockstat_split(PyObject *self, PyObject *arg)
{
    blockstat_state *st = get_blockstat_state(self);
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
    for (pos = 0; pos < view.len; pos += st->block_size) {
        Py_ssize_t n = view.len - pos < st->block_size ? view.len - pos : st->block_size;
        PyObject *block = PyBytes_FromStringAndSize((const char *)view.buf + pos, n);
        if (block == NULL || PyList_Append(blocks, block) < 0) {
            Py_XDECREF(block);
            Py_DECREF(blocks);
            PyBuffer_Release(&view);
            return NULL;
        }
        Py_DECREF(block);
    }
    BLOCKSTAT_COUNT(st, view.len, view.len % st->block_size != 0);
    PyBuffer_Release(&view);
    return blocks;
}

static PyObject *
blockstat_set_block_size(PyObject *self, PyObject *arg)
{
    blockstat_state *st = get_blockstat_state(self);
    Py_ssize_t size = PyLong_AsSsize_t(arg);

    if (size == -1 && PyErr_Occurred())
        return NULL;
    if (size < 1) {
        PyErr_SetString(PyExc_ValueError, "block size must be positive");
        return NULL;
    }
    st->block_size = size;
    Py_RETURN_NONE;
}

static PyObject *
blockstat_stats(PyObject *self, PyObject *unused)
{
    blockstat_state *st = get_blockstat_state(self);

    return Py_BuildValue("(nnll)", st->total_split, st->block_size, st->exact_splits, st->tail_splits);
}

static PyMethodDef blockstat_methods[] = {
    {"split", blockstat_split, METH_O, "Split a bytes-like object into blocks."},
    {"set_block_size", blockstat_set_block_size, METH_O, "Set the size of the next splits' blocks."},
    {"stats", blockstat_stats, METH_NOARGS, "(bytes split, block size, exact splits, splits with a tail)"},
    {NULL, NULL, 0, NULL}
};

static int blockstat_exec(PyObject *module);

static PyModuleDef_Slot blockstat_slots[] = {
    {Py_mod_exec, (void *)blockstat_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef blockstat_module = {
    PyModuleDef_HEAD_INIT,
    "blockstat",
    "Block splitting with counters.",
    sizeof(blockstat_state),
    blockstat_methods,
    blockstat_slots,
};

static int
blockstat_exec(PyObject *module)
{
    blockstat_state *st = get_blockstat_state(module);
    st->block_size = 4096;
    return 0;
}

PyMODINIT_FUNC
PyInit_blockstat(void)
{
    return PyModuleDef_Init(&blockstat_module);
}
