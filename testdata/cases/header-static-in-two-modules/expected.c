/* rlepack: run-length encoding of bytes, (count, byte) pairs. */
#include "rle_shared.h"

static PyObject *
rlepack_pack(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    PyObject *parts, *result = NULL;
    Py_ssize_t i = 0;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    parts = PyList_New(0);
    if (parts == NULL)
        goto done;
    while (i < view.len) {
        unsigned char b = ((unsigned char *)view.buf)[i];
        Py_ssize_t n = 1;

        while (i + n < view.len && ((unsigned char *)view.buf)[i + n] == b && n < RLE_MAX_RUN)
            n++;
        if (rle_put(parts, n, b) < 0)
            goto done;
        i += n;
    }
    result = _PyBytes_Join(PyBytes_FromStringAndSize(NULL, 0), parts);
done:
    Py_XDECREF(parts);
    PyBuffer_Release(&view);
    return result;
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* The error each module raises (each creates its own in its init). */
    PyObject *RleError; /* was: static PyObject *RleError */
} rlepack_state;

static inline rlepack_state *
get_rlepack_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (rlepack_state *)state;
}

static int
rlepack_traverse(PyObject *module, visitproc visit, void *arg)
{
    rlepack_state *st = get_rlepack_state(module);
    Py_VISIT(st->RleError);
    return 0;
}

static int
rlepack_clear(PyObject *module)
{
    rlepack_state *st = get_rlepack_state(module);
    Py_CLEAR(st->RleError);
    return 0;
}

static void
rlepack_free(void *module)
{
    (void)rlepack_clear((PyObject *)module);
}

static PyObject *
rlepack_check_run(PyObject *module, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);

    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (!rle_run_ok(n)) {
        rlepack_state *st = get_rlepack_state(module);
        RLE_BAD_RUN(st, n);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef rlepack_methods[] = {
    {"pack", rlepack_pack, METH_O, "pack(data) -> bytes of (count, byte) pairs"},
    {"check_run", rlepack_check_run, METH_O, "check_run(n): raise RleError unless 1 <= n <= 255"},
    {NULL, NULL, 0, NULL}
};

static int rlepack_exec(PyObject *m);

static PyModuleDef_Slot rlepack_slots[] = {
    {Py_mod_exec, (void *)rlepack_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef rlepack_module = {
    PyModuleDef_HEAD_INIT,
    "rlepack",
    "Run-length encoding.",
    sizeof(rlepack_state),
    rlepack_methods,
    rlepack_slots,
    rlepack_traverse,
    rlepack_clear,
    rlepack_free
};

static int
rlepack_exec(PyObject *m)
{
    rlepack_state *st = get_rlepack_state(m);

    st->RleError = PyErr_NewException("rlepack.RleError", PyExc_ValueError, NULL);
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
PyInit_rlepack(void)
{
    return PyModuleDef_Init(&rlepack_module);
}
