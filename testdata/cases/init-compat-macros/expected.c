/* A module that still builds for Python 2 and 3 through its own init macros (the MOD_INIT /
 * MOD_DEF idiom): the init function's name, the module def and the return values all hide in
 * macros, so nothing of it reads as PyInit_<name> + PyModule_Create before preprocessing. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#if PY_MAJOR_VERSION >= 3
#define MOD_ERROR_VAL NULL
#define MOD_SUCCESS_VAL(val) val
#define MOD_INIT(name) PyMODINIT_FUNC PyInit_##name(void)
#define MOD_DEF(ob, name, doc, methods) \
    static struct PyModuleDef moduledef = { \
        PyModuleDef_HEAD_INIT, name, doc, -1, methods, }; \
    ob = PyModule_Create(&moduledef);
#else
#define MOD_ERROR_VAL
#define MOD_SUCCESS_VAL(val)
#define MOD_INIT(name) void init##name(void)
#define MOD_DEF(ob, name, doc, methods) \
    ob = Py_InitModule3(name, methods, doc);
#endif

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ChecksumError; /* was: static PyObject *ChecksumError */
    PyTypeObject *AdlerType; /* was: static PyTypeObject AdlerType */
} checksum_state;

static inline checksum_state *
get_checksum_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (checksum_state *)state;
}

static int
checksum_traverse(PyObject *module, visitproc visit, void *arg)
{
    checksum_state *st = get_checksum_state(module);
    Py_VISIT(st->ChecksumError);
    Py_VISIT(st->AdlerType);
    return 0;
}

static int
checksum_clear(PyObject *module)
{
    checksum_state *st = get_checksum_state(module);
    Py_CLEAR(st->ChecksumError);
    Py_CLEAR(st->AdlerType);
    return 0;
}

static void
checksum_free(void *module)
{
    (void)checksum_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
checksum_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                     int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

typedef struct {
    PyObject_HEAD
    unsigned long sum;
} AdlerObject;

static PyObject *
Adler_update(AdlerObject *self, PyObject *arg)
{
    Py_buffer view;
    unsigned long a = self->sum & 0xffff, b = (self->sum >> 16) & 0xffff;
    Py_ssize_t i;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    for (i = 0; i < view.len; i++) {
        a = (a + ((unsigned char *)view.buf)[i]) % 65521;
        b = (b + a) % 65521;
    }
    PyBuffer_Release(&view);
    self->sum = (b << 16) | a;
    Py_RETURN_NONE;
}

static PyObject *
Adler_digest(AdlerObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromUnsignedLong(self->sum);
}

static PyMethodDef Adler_methods[] = {
    {"update", (PyCFunction)Adler_update, METH_O, "Add bytes to the checksum."},
    {"digest", (PyCFunction)Adler_digest, METH_NOARGS, "The checksum so far."},
    {NULL, NULL, 0, NULL},
};

static int
Adler_init(AdlerObject *self, PyObject *args, PyObject *kwds)
{
    self->sum = 1;
    return 0;
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Adler_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Adler_slots[] = {
    {Py_tp_doc, (void *)"Running Adler-32 checksum."},
    {Py_tp_traverse, (void *)Adler_traverse},
    {Py_tp_methods, (void *)Adler_methods},
    {Py_tp_init, (void *)Adler_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Adler_spec = {
    .name = "checksum.Adler32",
    .basicsize = sizeof(AdlerObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Adler_slots,
};

static PyObject *
checksum_verify(PyObject *self, PyObject *args)
{
    unsigned long expected, actual;
    if (!PyArg_ParseTuple(args, "kk", &expected, &actual))
        return NULL;
    if (expected != actual) {
        checksum_state *st = get_checksum_state(self);
        PyErr_Format(st->ChecksumError, "checksum mismatch: %lx != %lx", expected, actual);
        return NULL;
    }
    Py_RETURN_TRUE;
}

static PyMethodDef checksum_methods[] = {
    {"verify", checksum_verify, METH_VARARGS, "Raise ChecksumError unless both sums agree."},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(checksum_doc, "Running checksums.");

static int checksum_exec(PyObject *m);

static PyModuleDef_Slot checksum_slots[] = {
    {Py_mod_exec, (void *)checksum_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "checksum", checksum_doc, sizeof(checksum_state), checksum_methods,
    checksum_slots,
    checksum_traverse,
    checksum_clear,
    checksum_free
};

static int
checksum_exec(PyObject *m)
{
    checksum_state *st = get_checksum_state(m);

    if (checksum_create_type(m, &Adler_spec, NULL, &st->AdlerType, 0) < 0)
        return -1;

    st->ChecksumError = PyErr_NewException("checksum.ChecksumError", NULL, NULL);
    if (st->ChecksumError == NULL)
        return -1;
    Py_INCREF(st->ChecksumError);
    if (PyModule_AddObject(m, "ChecksumError", st->ChecksumError) < 0) {
        Py_DECREF(st->ChecksumError);
        return -1;
    }
    Py_INCREF(st->AdlerType);
    if (PyModule_AddObject(m, "Adler32", (PyObject *)st->AdlerType) < 0) {
        Py_DECREF(st->AdlerType);
        return -1;
    }
    return 0;
}

MOD_INIT(checksum)
{
    return PyModuleDef_Init(&moduledef);
}
