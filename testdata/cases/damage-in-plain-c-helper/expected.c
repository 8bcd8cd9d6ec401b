/* A module over vendored plain-C code whose parse is damaged (the vendored file names nothing of
 * Python): the damage cannot hide Python state, so it does not keep the module from isolation. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

uint32_t fold32(const unsigned char *p, size_t n);

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *FoldError; /* was: static PyObject *FoldError */
} fold_state;

static inline fold_state *
get_fold_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (fold_state *)state;
}

static int
fold_traverse(PyObject *module, visitproc visit, void *arg)
{
    fold_state *st = get_fold_state(module);
    Py_VISIT(st->FoldError);
    return 0;
}

static int
fold_clear(PyObject *module)
{
    fold_state *st = get_fold_state(module);
    Py_CLEAR(st->FoldError);
    return 0;
}

static void
fold_free(void *module)
{
    (void)fold_clear((PyObject *)module);
}

static PyObject *
fold_digest(PyObject *self, PyObject *arg)
{
    Py_buffer view;
    uint32_t h;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    if (view.len == 0) {
        fold_state *st = get_fold_state(self);
        PyBuffer_Release(&view);
        PyErr_SetString(st->FoldError, "nothing to fold");
        return NULL;
    }
    h = fold32((const unsigned char *)view.buf, (size_t)view.len);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong((unsigned long)h);
}

static PyMethodDef fold_methods[] = {
    {"digest", fold_digest, METH_O, "32-bit FNV-1a of a bytes-like object."},
    {NULL, NULL, 0, NULL}
};

static int fold_exec(PyObject *m);

static PyModuleDef_Slot fold_slots[] = {
    {Py_mod_exec, (void *)fold_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef fold_module = {
    PyModuleDef_HEAD_INIT,
    "fold",
    NULL,
    sizeof(fold_state),
    fold_methods,
    fold_slots,
    fold_traverse,
    fold_clear,
    fold_free,
};

static int
fold_exec(PyObject *m)
{
    fold_state *st = get_fold_state(m);

    st->FoldError = PyErr_NewException("fold.FoldError", PyExc_ValueError, NULL);
    if (st->FoldError == NULL) {
        return -1;
    }
    Py_INCREF(st->FoldError);
    if (PyModule_AddObject(m, "FoldError", st->FoldError) < 0) {
        Py_DECREF(st->FoldError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_fold(void)
{
    return PyModuleDef_Init(&fold_module);
}
