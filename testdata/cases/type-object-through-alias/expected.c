/* Type objects declared through other spellings of PyTypeObject: a macro alias (as class libraries
 * built on CPython define one) with a tentative declaration ahead, because a macro above the
 * definition takes the type's address, and a typedef. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#define ShelfClass PyTypeObject
typedef PyTypeObject LabelClass;

typedef struct {
    PyObject_HEAD
    PyObject *items;
} ShelfObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Shelf_Type; /* was: static PyTypeObject Shelf_Type */
    PyTypeObject *Label_Type; /* was: static PyTypeObject Label_Type */
} shelves_state;

static inline shelves_state *
get_shelves_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (shelves_state *)state;
}

static int
shelves_traverse(PyObject *module, visitproc visit, void *arg)
{
    shelves_state *st = get_shelves_state(module);
    Py_VISIT(st->Shelf_Type);
    Py_VISIT(st->Label_Type);
    return 0;
}

static int
shelves_clear(PyObject *module)
{
    shelves_state *st = get_shelves_state(module);
    Py_CLEAR(st->Shelf_Type);
    Py_CLEAR(st->Label_Type);
    return 0;
}

static void
shelves_free(void *module)
{
    (void)shelves_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
shelves_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

#define IsShelf(st, o) (Py_TYPE(o) == (PyTypeObject *)st->Shelf_Type)

static PyObject *
shelf_check(PyObject *module, PyObject *o)
{
    shelves_state *st = get_shelves_state(module);
    return PyBool_FromLong(IsShelf(st, o));
}

static PyMethodDef shelves_methods[] = {
    {"is_shelf", shelf_check, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static void
Shelf_dealloc(ShelfObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Shelf_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Shelf_slots[] = {
    {Py_tp_dealloc, (void *)Shelf_dealloc},
    {Py_tp_traverse, (void *)Shelf_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Shelf_spec = {
    .name = "shelves.Shelf",
    .basicsize = sizeof(ShelfObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Shelf_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Label_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Label_slots[] = {
    {Py_tp_traverse, (void *)Label_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Label_spec = {
    .name = "shelves.Label",
    .basicsize = sizeof(PyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Label_slots,
};

static int shelves_exec(PyObject *m);

static PyModuleDef_Slot shelves_slots[] = {
    {Py_mod_exec, (void *)shelves_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef shelves_module = {
    PyModuleDef_HEAD_INIT, "shelves", NULL, sizeof(shelves_state), shelves_methods,
    shelves_slots,
    shelves_traverse,
    shelves_clear,
    shelves_free
};

static int
shelves_exec(PyObject *m)
{
    shelves_state *st = get_shelves_state(m);
    if (shelves_create_type(m, &Shelf_spec, NULL, &st->Shelf_Type, 0) < 0 || shelves_create_type(m, &Label_spec, NULL, &st->Label_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Shelf_Type);
    if (PyModule_AddObject(m, "Shelf", (PyObject *)st->Shelf_Type) < 0) {
        Py_DECREF(st->Shelf_Type);
        return -1;
    }
    Py_INCREF(st->Label_Type);
    if (PyModule_AddObject(m, "Label", (PyObject *)st->Label_Type) < 0) {
        Py_DECREF(st->Label_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_shelves(void)
{
    return PyModuleDef_Init(&shelves_module);
}
