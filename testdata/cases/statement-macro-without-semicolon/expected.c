/* A project's own release-the-GIL macros, used without semicolons the way Py_BEGIN_ALLOW_THREADS
 * is. Read as C, `MYLIB_BEGIN_THREADS` looks like the type of a declaration; the parse must not
 * lose its braces there, or the type defined further down would silently be missed. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#define MYLIB_BEGIN_THREADS { PyThreadState *_mylib_save = PyEval_SaveThread();
#define MYLIB_END_THREADS PyEval_RestoreThread(_mylib_save); }

typedef struct {
    PyObject_HEAD
    long total;
} AdderObject;

static long
slow_sum(long n)
{
    long i, s = 0;
    for (i = 0; i < n; i++)
        s += i;
    return s;
}

static PyObject *
Adder_add(AdderObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg), s;
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n > 0) {
        MYLIB_BEGIN_THREADS
        (void)slow_sum(1);
        s = slow_sum(n);
        MYLIB_END_THREADS
        self->total += s;
    }
    return PyLong_FromLong(self->total);
}

static PyMethodDef Adder_methods[] = {
    {"add", (PyCFunction)Adder_add, METH_O, "Add 0 + 1 + ... + (n - 1) to the total."},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *AdderType; /* was: static PyTypeObject AdderType */
} stmtmac_state;

static inline stmtmac_state *
get_stmtmac_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (stmtmac_state *)state;
}

static int
stmtmac_traverse(PyObject *module, visitproc visit, void *arg)
{
    stmtmac_state *st = get_stmtmac_state(module);
    Py_VISIT(st->AdderType);
    return 0;
}

static int
stmtmac_clear(PyObject *module)
{
    stmtmac_state *st = get_stmtmac_state(module);
    Py_CLEAR(st->AdderType);
    return 0;
}

static void
stmtmac_free(void *module)
{
    (void)stmtmac_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
stmtmac_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Adder_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Adder_slots[] = {
    {Py_tp_traverse, (void *)Adder_traverse},
    {Py_tp_methods, (void *)Adder_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Adder_spec = {
    .name = "stmtmac.Adder",
    .basicsize = sizeof(AdderObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Adder_slots,
};

static int stmtmac_exec(PyObject *m);

static PyModuleDef_Slot stmtmac_slots[] = {
    {Py_mod_exec, (void *)stmtmac_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef stmtmac_module = {
    PyModuleDef_HEAD_INIT, "stmtmac", NULL, sizeof(stmtmac_state), NULL,
    stmtmac_slots,
    stmtmac_traverse,
    stmtmac_clear,
    stmtmac_free,
};

static int
stmtmac_exec(PyObject *m)
{
    stmtmac_state *st = get_stmtmac_state(m);
    if (stmtmac_create_type(m, &Adder_spec, NULL, &st->AdderType, 0) < 0)
        return -1;
    Py_INCREF(st->AdderType);
    if (PyModule_AddObject(m, "Adder", (PyObject *)st->AdderType) < 0) {
        Py_DECREF(st->AdderType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_stmtmac(void)
{
    return PyModuleDef_Init(&stmtmac_module);
}
