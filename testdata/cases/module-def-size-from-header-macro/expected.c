/* The module def's m_size is a macro of a header (`NO_STATE`, -1): not read as a size, so the def keeps
 * it; converted to multi-phase init with a negative m_size the module would not import, so the rewrite
 * is refused (a macro of the file itself is expanded: module-def-size-cast). */
#include <Python.h>
#include "nsdef.h"
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
} ThingObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Thing_Type; /* was: static PyTypeObject Thing_Type */
} nsdef_state;

static inline nsdef_state *
get_nsdef_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (nsdef_state *)state;
}

static int
nsdef_traverse(PyObject *module, visitproc visit, void *arg)
{
    nsdef_state *st = get_nsdef_state(module);
    Py_VISIT(st->Thing_Type);
    return 0;
}

static int
nsdef_clear(PyObject *module)
{
    nsdef_state *st = get_nsdef_state(module);
    Py_CLEAR(st->Thing_Type);
    return 0;
}

static void
nsdef_free(void *module)
{
    (void)nsdef_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
nsdef_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type, int disallow_new)
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
            PyErr_NoMemory(); /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
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

/* Heap types are GC types: instances keep their type alive, the collector must see it (pyext-isolate). */
static int
Thing_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Thing_slots[] = {
    {Py_tp_traverse, (void *)Thing_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Thing_spec = {
    .name = "nsdef.Thing",
    .basicsize = sizeof(ThingObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Thing_slots,
};

static int nsdef_exec(PyObject *m);

static PyModuleDef_Slot nsdef_slots[] = {
    {Py_mod_exec, (void *)nsdef_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef nsdef_module = {
    PyModuleDef_HEAD_INIT, "nsdef", NULL,
    sizeof(nsdef_state),         /* m_size */
    NULL, nsdef_slots, nsdef_traverse, nsdef_clear, nsdef_free
};

static int
nsdef_exec(PyObject *m)
{
    nsdef_state *st = get_nsdef_state(m);
    if (nsdef_create_type(m, &Thing_spec, NULL, &st->Thing_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Thing_Type);
    if (PyModule_AddObject(m, "Thing", (PyObject *)st->Thing_Type) < 0) {
        Py_DECREF(st->Thing_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_nsdef(void)
{
    return PyModuleDef_Init(&nsdef_module);
}
