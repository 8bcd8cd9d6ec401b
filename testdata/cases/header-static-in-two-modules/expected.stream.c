/* rlestream: decoding of rlepack's (count, byte) pairs, with an RleError of its own. */
#include "rle_shared.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* The error each module raises (each creates its own in its init). */
    PyObject *RleError; /* was: static PyObject *RleError */
} rlestream_state;

static inline rlestream_state *
get_rlestream_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (rlestream_state *)state;
}

static int
rlestream_traverse(PyObject *module, visitproc visit, void *arg)
{
    rlestream_state *st = get_rlestream_state(module);
    Py_VISIT(st->RleError);
    return 0;
}

static int
rlestream_clear(PyObject *module)
{
    rlestream_state *st = get_rlestream_state(module);
    Py_CLEAR(st->RleError);
    return 0;
}

static void
rlestream_free(void *module)
{
    (void)rlestream_clear((PyObject *)module);
}

static PyObject *
rlestream_unpack(PyObject *module, PyObject *arg)
{
    rlestream_state *st = get_rlestream_state(module);
    Py_buffer view;
    PyObject *result = NULL;
    Py_ssize_t i, total = 0;
    char *out;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    if (view.len % 2 != 0) {
        PyErr_SetString(st->RleError, "odd length: pairs expected");
        goto done;
    }
    for (i = 0; i < view.len; i += 2) {
        Py_ssize_t n = ((unsigned char *)view.buf)[i];

        if (!rle_run_ok(n)) {
            RLE_BAD_RUN(st, n);
            goto done;
        }
        total += n;
    }
    result = PyBytes_FromStringAndSize(NULL, total);
    if (result == NULL)
        goto done;
    out = PyBytes_AS_STRING(result);
    for (i = 0; i < view.len; i += 2) {
        Py_ssize_t n = ((unsigned char *)view.buf)[i];

        memset(out, ((unsigned char *)view.buf)[i + 1], (size_t)n);
        out += n;
    }
done:
    PyBuffer_Release(&view);
    return result;
}

static PyObject *
rlestream_repack(PyObject *module, PyObject *args)
{
    Py_ssize_t count;
    unsigned char byte;
    PyObject *parts, *result;

    if (!PyArg_ParseTuple(args, "nb", &count, &byte))
        return NULL;
    if (!rle_run_ok(count)) {
        rlestream_state *st = get_rlestream_state(module);
        RLE_BAD_RUN(st, count);
        return NULL;
    }
    parts = PyList_New(0);
    if (parts == NULL)
        return NULL;
    if (rle_put(parts, count, byte) < 0) {
        Py_DECREF(parts);
        return NULL;
    }
    result = PyList_GET_ITEM(parts, 0);
    Py_INCREF(result);
    Py_DECREF(parts);
    return result;
}

static PyMethodDef rlestream_methods[] = {
    {"unpack", rlestream_unpack, METH_O, "unpack(pairs) -> bytes"},
    {"repack", rlestream_repack, METH_VARARGS, "repack(count, byte) -> one pair"},
    {NULL, NULL, 0, NULL}
};

static int rlestream_exec(PyObject *m);

static PyModuleDef_Slot rlestream_slots[] = {
    {Py_mod_exec, (void *)rlestream_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef rlestream_module = {
    PyModuleDef_HEAD_INIT,
    "rlestream",
    "Run-length decoding.",
    sizeof(rlestream_state),
    rlestream_methods,
    rlestream_slots,
    rlestream_traverse,
    rlestream_clear,
    rlestream_free
};

static int
rlestream_exec(PyObject *m)
{
    rlestream_state *st = get_rlestream_state(m);

    st->RleError = PyErr_NewException("rlestream.RleError", PyExc_ValueError, NULL);
    if (st->RleError == NULL)
        return -1;
    Py_INCREF(st->RleError);
    if (PyModule_AddObject(m, "RleError", st->RleError) < 0) {
        Py_DECREF(st->RleError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_rlestream(void)
{
    return PyModuleDef_Init(&rlestream_module);
}
