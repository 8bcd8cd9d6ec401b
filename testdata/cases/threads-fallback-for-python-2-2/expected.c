/* A checksum module from the days when threads were optional: the fallback that kept the
   interpreter in a global for Pythons before 2.3 (no PyGILState yet), and the counter kept
   when threads are missing, are never compiled by a Python 3, whose pyport.h always defines
   WITH_THREAD. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef WITH_THREAD
#if PY_VERSION_HEX >= 0x02030000
#define CK_USE_GILSTATE
#endif
#endif

#if defined(WITH_THREAD) && !defined(CK_USE_GILSTATE)
static PyInterpreterState *ck_interp = NULL;
#endif

#ifndef WITH_THREAD
static long ck_calls = 0;
#endif

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *CksumError; /* was: static PyObject *CksumError */
} cksum_state;

static inline cksum_state *
get_cksum_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (cksum_state *)state;
}

static int
cksum_traverse(PyObject *module, visitproc visit, void *arg)
{
    cksum_state *st = get_cksum_state(module);
    Py_VISIT(st->CksumError);
    return 0;
}

static int
cksum_clear(PyObject *module)
{
    cksum_state *st = get_cksum_state(module);
    Py_CLEAR(st->CksumError);
    return 0;
}

static void
cksum_free(void *module)
{
    (void)cksum_clear((PyObject *)module);
}

static PyObject *
cksum_sum(PyObject *self, PyObject *args)
{
    Py_buffer view;
    unsigned long sum = 0;
    Py_ssize_t i;

    if (!PyArg_ParseTuple(args, "y*", &view))
        return NULL;
    if (view.len == 0) {
        cksum_state *st = get_cksum_state(self);
        PyBuffer_Release(&view);
        PyErr_SetString(st->CksumError, "empty input");
        return NULL;
    }
#ifndef WITH_THREAD
    ck_calls++;
#endif
    Py_BEGIN_ALLOW_THREADS
    for (i = 0; i < view.len; i++)
        sum = (sum * 31 + ((unsigned char *)view.buf)[i]) & 0xffffffffUL;
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(sum);
}

static PyMethodDef cksum_methods[] = {
    {"sum", cksum_sum, METH_VARARGS, "Checksum of a bytes-like object."},
    {NULL, NULL, 0, NULL}
};

static int cksum_exec(PyObject *m);

static PyModuleDef_Slot cksum_slots[] = {
    {Py_mod_exec, (void *)cksum_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef cksum_module = {
    PyModuleDef_HEAD_INIT, "cksum", NULL, sizeof(cksum_state), cksum_methods,
    cksum_slots,
    cksum_traverse,
    cksum_clear,
    cksum_free,
};

static int
cksum_exec(PyObject *m)
{
    cksum_state *st = get_cksum_state(m);
#if defined(WITH_THREAD) && !defined(CK_USE_GILSTATE)
    ck_interp = PyThreadState_Get()->interp;
#endif
    st->CksumError = PyErr_NewException("cksum.error", NULL, NULL);
    if (st->CksumError == NULL)
        return -1;
    Py_INCREF(st->CksumError);
    if (PyModule_AddObject(m, "error", st->CksumError) < 0) {
        Py_DECREF(st->CksumError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_cksum(void)
{
    return PyModuleDef_Init(&cksum_module);
}
