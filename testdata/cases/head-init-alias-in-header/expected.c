/* The head-init macro comes from a header of the project: its definition is read from the header
 * before this file is parsed, so the type initializer reads as with CPython's spelling. */
#include "compat.h"
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *TokenType; /* was: static PyTypeObject TokenType */
} hdralias_state;

static inline hdralias_state *
get_hdralias_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hdralias_state *)state;
}

static int
hdralias_traverse(PyObject *module, visitproc visit, void *arg)
{
    hdralias_state *st = get_hdralias_state(module);
    Py_VISIT(st->TokenType);
    return 0;
}

static int
hdralias_clear(PyObject *module)
{
    hdralias_state *st = get_hdralias_state(module);
    Py_CLEAR(st->TokenType);
    return 0;
}

static void
hdralias_free(void *module)
{
    (void)hdralias_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
hdralias_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Token_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Token_slots[] = {
    {Py_tp_doc, (void *)"A token."},
    {Py_tp_traverse, (void *)Token_traverse},
    {0, NULL},
};

static PyType_Spec Token_spec = {
    .name = "hdralias.Token",
    .basicsize = sizeof(PyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Token_slots,
};

static int hdralias_exec(PyObject *m);

static PyModuleDef_Slot hdralias_slots[] = {
    {Py_mod_exec, (void *)hdralias_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef hdralias_module = {
    PyModuleDef_HEAD_INIT, "hdralias", NULL, sizeof(hdralias_state), NULL,
    hdralias_slots,
    hdralias_traverse,
    hdralias_clear,
    hdralias_free,
};

static int
hdralias_exec(PyObject *m)
{
    hdralias_state *st = get_hdralias_state(m);
    if (hdralias_create_type(m, &Token_spec, NULL, &st->TokenType, 1) < 0)
        return -1;
    Py_INCREF(st->TokenType);
    if (PyModule_AddObject(m, "Token", (PyObject *)st->TokenType) < 0) {
        Py_DECREF(st->TokenType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_hdralias(void)
{
    return PyModuleDef_Init(&hdralias_module);
}
