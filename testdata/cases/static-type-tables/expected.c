/* The module's static types listed in a function-level static table of the init helper, which
 * readies and adds every type in a loop over it (py-lmdb's shape). The types become heap types
 * created in exec, and the table a local array of the helper filled from the state's pointers. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long size;
} BoxObject;

typedef struct {
    PyObject_HEAD
    long weight;
} CrateObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Box_Type;   /* was: static PyTypeObject Box_Type */
    PyTypeObject *Crate_Type; /* was: static PyTypeObject Crate_Type */
} typetbl_state;

static inline typetbl_state *
get_typetbl_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (typetbl_state *)state;
}

static int
typetbl_traverse(PyObject *module, visitproc visit, void *arg)
{
    typetbl_state *st = get_typetbl_state(module);
    Py_VISIT(st->Box_Type);
    Py_VISIT(st->Crate_Type);
    return 0;
}

static int
typetbl_clear(PyObject *module)
{
    typetbl_state *st = get_typetbl_state(module);
    Py_CLEAR(st->Box_Type);
    Py_CLEAR(st->Crate_Type);
    return 0;
}

static void
typetbl_free(void *module)
{
    (void)typetbl_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
typetbl_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                    int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL) {
            return -1;
        }
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
Box_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Box_slots[] = {
    {Py_tp_traverse, (void *)Box_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Box_spec = {
    .name = "typetbl.Box",
    .basicsize = sizeof(BoxObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Box_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Crate_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Crate_slots[] = {
    {Py_tp_traverse, (void *)Crate_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Crate_spec = {
    .name = "typetbl.Crate",
    .basicsize = sizeof(CrateObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Crate_slots,
};

enum kind { KIND_BOX, KIND_CRATE };

static PyObject *
kind_of(PyObject *module, PyObject *obj)
{
    const char *name = Py_TYPE(obj)->tp_name;
    const char *dot = strrchr(name, '.');

    return PyUnicode_FromString(dot != NULL ? dot + 1 : name);
}

static PyMethodDef typetbl_methods[] = {
    {"kind_of", kind_of, METH_O, "The short name of obj's type."},
    {NULL, NULL, 0, NULL}
};

static int typetbl_exec(PyObject *mod);

static PyModuleDef_Slot typetbl_slots[] = {
    {Py_mod_exec, (void *)typetbl_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef typetbl_module = {
    PyModuleDef_HEAD_INIT, "typetbl", NULL, sizeof(typetbl_state), typetbl_methods,
    typetbl_slots,
    typetbl_traverse,
    typetbl_clear,
    typetbl_free
};

static int
add_types(PyObject *mod)
{
    typetbl_state *st = get_typetbl_state(mod);
    PyTypeObject *types[3];
    int i;

    types[0] = st->Box_Type;
    types[1] = st->Crate_Type;
    types[2] = NULL;
    for (i = 0; types[i] != NULL; i++) {
        const char *name = strrchr(types[i]->tp_name, '.') + 1;

        if (PyType_Ready(types[i]) < 0) {
            return -1;
        }
        Py_INCREF(types[i]);
        if (PyModule_AddObject(mod, name, (PyObject *)types[i]) < 0) {
            Py_DECREF(types[i]);
            return -1;
        }
    }
    return 0;
}

static int
typetbl_exec(PyObject *mod)
{
    typetbl_state *st = get_typetbl_state(mod);

    if (typetbl_create_type(mod, &Box_spec, NULL, &st->Box_Type, 0) < 0) {
        return -1;
    }
    if (typetbl_create_type(mod, &Crate_spec, NULL, &st->Crate_Type, 0) < 0) {
        return -1;
    }
    if (add_types(mod) < 0) {
        return -1;
    }
    if (PyModule_AddIntConstant(mod, "KIND_BOX", KIND_BOX) < 0 ||
        PyModule_AddIntConstant(mod, "KIND_CRATE", KIND_CRATE) < 0) {
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_typetbl(void)
{
    return PyModuleDef_Init(&typetbl_module);
}
