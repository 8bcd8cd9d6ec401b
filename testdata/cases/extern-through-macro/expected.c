/* The definitions behind proj.h's macro-wrapped extern declarations. */
#include "proj.h"
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ProjError;         /* was: PyObject *ProjError */
    PyTypeObject *ProjTokenType; /* was: PyTypeObject ProjTokenType */
} projmod_state;

static inline projmod_state *
get_projmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (projmod_state *)state;
}

static int
projmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    projmod_state *st = get_projmod_state(module);
    Py_VISIT(st->ProjError);
    Py_VISIT(st->ProjTokenType);
    return 0;
}

static int
projmod_clear(PyObject *module)
{
    projmod_state *st = get_projmod_state(module);
    Py_CLEAR(st->ProjError);
    Py_CLEAR(st->ProjTokenType);
    return 0;
}

static void
projmod_free(void *module)
{
    (void)projmod_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
projmod_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                    PyTypeObject **type, int disallow_new)
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
            /* CPython (3.12, 3.13) loses the error when it cannot copy the
             * type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
        (*type)->tp_new = NULL;
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

typedef struct {
    PyObject_HEAD
    int kind;
} TokenObject;

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
ProjToken_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot ProjToken_slots[] = {
    {Py_tp_traverse, (void *)ProjToken_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec ProjToken_spec = {
    .name = "projmod.Token",
    .basicsize = sizeof(TokenObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = ProjToken_slots,
};

static PyObject *
fail(PyObject *module, PyObject *msg)
{
    projmod_state *st = get_projmod_state(module);
    PyErr_SetObject(st->ProjError, msg);
    return NULL;
}

static PyMethodDef proj_methods[] = {
    {"fail", fail, METH_O, "Raise projmod.Error(msg)."},
    {NULL, NULL, 0, NULL}
};

static int projmod_exec(PyObject *m);

static PyModuleDef_Slot projmod_slots[] = {
    {Py_mod_exec, (void *)projmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef proj_module = {
    PyModuleDef_HEAD_INIT, "projmod", NULL, sizeof(projmod_state), proj_methods,
    projmod_slots,
    projmod_traverse,
    projmod_clear,
    projmod_free,
};

static int
projmod_exec(PyObject *m)
{
    projmod_state *st = get_projmod_state(m);
    if (projmod_create_type(m, &ProjToken_spec, NULL, &st->ProjTokenType, 0) < 0)
        return -1;
    st->ProjError = PyErr_NewException("projmod.Error", NULL, NULL);
    if (st->ProjError == NULL)
        return -1;
    Py_INCREF(st->ProjError);
    if (PyModule_AddObject(m, "Error", st->ProjError) < 0) {
        Py_DECREF(st->ProjError);
        return -1;
    }
    Py_INCREF(st->ProjTokenType);
    if (PyModule_AddObject(m, "Token", (PyObject *)st->ProjTokenType) < 0) {
        Py_DECREF(st->ProjTokenType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_projmod(void)
{
    return PyModuleDef_Init(&proj_module);
}
