/*
 * checksum: Adler-32 style sums with an implementation chosen at import, a lazily resolved
 * libc symbol, a call counter and a small free list of C scratch buffers. All of it is C data
 * that used to be one per process.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>

typedef uint32_t (*sum_fn)(const unsigned char *buf, Py_ssize_t len);
typedef int (*getpid_fn)(void);

typedef struct scratch {
    struct scratch *next;
    unsigned char data[256];
} scratch;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* The implementation picked for this machine at import. */
    sum_fn sum_impl;           /* was: static sum_fn sum_impl */
    getpid_fn resolved_getpid; /* was: static getpid_fn resolved_getpid */
    int getpid_resolved;       /* was: static int getpid_resolved */
    unsigned long ncalls;      /* was: static unsigned long ncalls */
    scratch *free_scratch;     /* was: static scratch *free_scratch */
    int nfree;                 /* was: static int nfree */
    /* Inputs longer than this are cut (set_limit() changes it). */
    Py_ssize_t copy_limit;     /* was: static Py_ssize_t copy_limit */
    int warned;                /* was: static int warned in checksum_sum_copy() */
} checksum_state;

static inline checksum_state *
get_checksum_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (checksum_state *)state;
}

static int max_free = 4;

static uint32_t
sum_bytewise(const unsigned char *buf, Py_ssize_t len)
{
    uint32_t a = 1, b = 0;
    Py_ssize_t i;

    for (i = 0; i < len; i++) {
        a = (a + buf[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

static uint32_t
sum_blocked(const unsigned char *buf, Py_ssize_t len)
{
    uint32_t a = 1, b = 0;

    while (len > 0) {
        Py_ssize_t n = len < 5552 ? len : 5552;
        len -= n;
        while (n-- > 0) {
            a += *buf++;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    return (b << 16) | a;
}

static scratch *
scratch_take(checksum_state *st)
{
    scratch *s = st->free_scratch;
    if (s != NULL) {
        st->free_scratch = s->next;
        st->nfree--;
        return s;
    }
    return (scratch *)malloc(sizeof(scratch));
}

static void
scratch_give(checksum_state *st, scratch *s)
{
    if (st->nfree >= max_free) {
        free(s);
        return;
    }
    s->next = st->free_scratch;
    st->free_scratch = s;
    st->nfree++;
}

static PyObject *
checksum_sum(PyObject *module, PyObject *arg)
{
    checksum_state *st = get_checksum_state(module);
    Py_buffer view;
    uint32_t value;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    st->ncalls++;
    value = st->sum_impl((const unsigned char *)view.buf, view.len);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(value);
}

static PyObject *
checksum_sum_copy(PyObject *module, PyObject *arg)
{
    checksum_state *st = get_checksum_state(module);
    Py_buffer view;
    scratch *s;
    uint32_t value;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    if (view.len > st->copy_limit) {
        if (!st->warned) {
            st->warned = 1;
            if (PyErr_WarnEx(PyExc_RuntimeWarning, "long input: only the first bytes are summed", 1) < 0) {
                PyBuffer_Release(&view);
                return NULL;
            }
        }
        view.len = st->copy_limit;
    }
    s = scratch_take(st);
    if (s == NULL) {
        PyBuffer_Release(&view);
        return PyErr_NoMemory();
    }
    memcpy(s->data, view.buf, (size_t)view.len);
    st->ncalls++;
    value = st->sum_impl(s->data, view.len);
    scratch_give(st, s);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(value);
}

static PyObject *
checksum_set_limit(PyObject *module, PyObject *arg)
{
    checksum_state *st = get_checksum_state(module);
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 1 || n > (Py_ssize_t)sizeof(((scratch *)0)->data)) {
        PyErr_SetString(PyExc_ValueError, "limit out of range");
        return NULL;
    }
    st->copy_limit = n;
    Py_RETURN_NONE;
}

static PyObject *
checksum_stats(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    checksum_state *st = get_checksum_state(module);

    return Py_BuildValue("(ki)", st->ncalls, st->nfree);
}

static PyObject *
checksum_pid(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    checksum_state *st = get_checksum_state(module);

    if (!st->getpid_resolved) {
        st->resolved_getpid = (getpid_fn)dlsym(RTLD_DEFAULT, "getpid");
        st->getpid_resolved = 1;
    }
    if (st->resolved_getpid == NULL) {
        PyErr_SetString(PyExc_OSError, "getpid not found");
        return NULL;
    }
    return PyLong_FromLong(st->resolved_getpid());
}

static PyMethodDef checksum_methods[] = {
    {"sum", checksum_sum, METH_O, "sum(buffer) -> int"},
    {"sum_copy", checksum_sum_copy, METH_O, "sum_copy(buffer) -> int, through a scratch buffer"},
    {"set_limit", checksum_set_limit, METH_O, "set_limit(n): sum_copy() reads at most n bytes"},
    {"stats", checksum_stats, METH_NOARGS, "(calls, free scratch buffers)"},
    {"pid", checksum_pid, METH_NOARGS, "the process id, through a lazily resolved symbol"},
    {NULL, NULL, 0, NULL}
};

static int checksum_exec(PyObject *m);

static PyModuleDef_Slot checksum_slots[] = {
    {Py_mod_exec, (void *)checksum_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef checksummodule = {
    PyModuleDef_HEAD_INIT,
    "checksum",
    "Checksums with an implementation picked at import.",
    sizeof(checksum_state),
    checksum_methods,
    checksum_slots
};

static int
checksum_exec(PyObject *m)
{
    checksum_state *st = get_checksum_state(m);

    st->copy_limit = 256;
    st->sum_impl = sum_bytewise;
    if (getenv("CHECKSUM_BYTEWISE") == NULL)
        st->sum_impl = sum_blocked;
    if (PyModule_AddIntConstant(m, "MAX_FREE", max_free) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_checksum(void)
{
    return PyModuleDef_Init(&checksummodule);
}
