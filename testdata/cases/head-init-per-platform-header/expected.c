/* wordscan: split text into words lazily. The type lives in scanner.c, whose head-init macro
 * comes from the platform header common.h picks (one definition per platform). */
#include "common.h"
#include "pyext_isolate_compat.h"
#include "scanner.c"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *scanner_type; /* was: static PyTypeObject scanner_type */
} wordscan_state;

extern PyType_Spec scanner_type_spec;

static inline wordscan_state *
get_wordscan_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (wordscan_state *)state;
}

static int
wordscan_traverse(PyObject *module, visitproc visit, void *arg)
{
    wordscan_state *st = get_wordscan_state(module);
    Py_VISIT(st->scanner_type);
    return 0;
}

static int
wordscan_clear(PyObject *module)
{
    wordscan_state *st = get_wordscan_state(module);
    Py_CLEAR(st->scanner_type);
    return 0;
}

static void
wordscan_free(void *module)
{
    (void)wordscan_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
wordscan_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static PyObject *
wordscan_count(PyObject *module, PyObject *arg)
{
    wordscan_state *st = get_wordscan_state(module);
    PyObject *it = PyObject_CallFunctionObjArgs((PyObject *)st->scanner_type, arg, NULL);
    PyObject *word;
    Py_ssize_t n = 0;

    if (it == NULL)
        return NULL;
    while ((word = PyIter_Next(it)) != NULL) {
        Py_DECREF(word);
        n++;
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromSsize_t(n);
}

static PyMethodDef wordscan_methods[] = {
    {"count", wordscan_count, METH_O, "count(text) -> number of words"},
    {NULL, NULL, 0, NULL}
};

static int wordscan_exec(PyObject *m);

static PyModuleDef_Slot wordscan_slots[] = {
    {Py_mod_exec, (void *)wordscan_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef wordscan_module = {
    PyModuleDef_HEAD_INIT, "wordscan", NULL, sizeof(wordscan_state), wordscan_methods,
    wordscan_slots,
    wordscan_traverse,
    wordscan_clear,
    wordscan_free
};

static int
wordscan_exec(PyObject *m)
{
    wordscan_state *st = get_wordscan_state(m);

    if (wordscan_create_type(m, &scanner_type_spec, NULL, &st->scanner_type, 0) < 0)
        return -1;
    Py_INCREF(st->scanner_type);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)st->scanner_type) < 0) {
        Py_DECREF(st->scanner_type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_wordscan(void)
{
    return PyModuleDef_Init(&wordscan_module);
}
