/* The module def writes its fields with casts, m_size too: `(Py_ssize_t)-1L` is the -1 of a module
 * without state, not a state struct of its own (iteration_utilities writes its def so). */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long value;
} BoxObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *default_value; /* was: static PyObject *default_value */
    PyTypeObject *box_type;  /* was: static PyTypeObject box_type */
} castdef_state;

static inline castdef_state *
get_castdef_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (castdef_state *)state;
}

static int
castdef_traverse(PyObject *module, visitproc visit, void *arg)
{
    castdef_state *st = get_castdef_state(module);
    Py_VISIT(st->default_value);
    Py_VISIT(st->box_type);
    return 0;
}

static int
castdef_clear(PyObject *module)
{
    castdef_state *st = get_castdef_state(module);
    Py_CLEAR(st->default_value);
    Py_CLEAR(st->box_type);
    return 0;
}

static void
castdef_free(void *module)
{
    (void)castdef_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
castdef_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
box_get(BoxObject *self, PyObject *unused)
{
    return PyLong_FromLong(self->value);
}

static PyMethodDef box_methods[] = {
    {"get", (PyCFunction)box_get, METH_NOARGS, "the value"},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
box_type_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot box_type_slots[] = {
    {Py_tp_traverse, (void *)box_type_traverse},
    {Py_tp_methods, (void *)box_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec box_type_spec = {
    .name = "castdef.Box",
    .basicsize = sizeof(BoxObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = box_type_slots,
};

static PyObject *
get_default(PyObject *self, PyObject *unused)
{
    castdef_state *st = get_castdef_state(self);
    Py_INCREF(st->default_value);
    return st->default_value;
}

static PyMethodDef castdef_methods[] = {
    {"get_default", get_default, METH_NOARGS, "the default value"},
    {NULL, NULL, 0, NULL}
};

static int castdef_exec(PyObject *m);

static PyModuleDef_Slot castdef_slots[] = {
    {Py_mod_exec, (void *)castdef_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef castdef_module = {
    PyModuleDef_HEAD_INIT,             /* m_base */
    "castdef",                         /* m_name */
    NULL,                              /* m_doc */
    sizeof(castdef_state),             /* m_size */
    (PyMethodDef *)castdef_methods,    /* m_methods */
    castdef_slots,                     /* m_slots */
    castdef_traverse,                  /* m_traverse */
    castdef_clear,                     /* m_clear */
    castdef_free                       /* m_free */
};

static int
castdef_exec(PyObject *m)
{
    castdef_state *st = get_castdef_state(m);

    if (castdef_create_type(m, &box_type_spec, NULL, &st->box_type, 0) < 0)
        return -1;
    st->default_value = PyLong_FromLong(42);
    if (st->default_value == NULL)
        return -1;
    Py_INCREF(st->box_type);
    if (PyModule_AddObject(m, "Box", (PyObject *)st->box_type) < 0) {
        Py_DECREF(st->box_type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_castdef(void)
{
    return PyModuleDef_Init(&castdef_module);
}
