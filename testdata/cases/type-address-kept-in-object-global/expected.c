/* handles: a small handle table. The init keeps the Handle type in an object global as well
 * (as database drivers keep `LargeObject = (PyObject *)&largeType;`), and the module's functions
 * use that global to hand the class out. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long fd;
} HandleObject;

static PyObject *
Handle_fileno(HandleObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(self->fd);
}

static PyMethodDef Handle_methods[] = {
    {"fileno", (PyCFunction)Handle_fileno, METH_NOARGS, "The descriptor this handle wraps."},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* The class, as module functions hand it out. */
    PyObject *Handle;         /* was: static PyObject *Handle */
    PyTypeObject *HandleType; /* was: static PyTypeObject HandleType */
} handles_state;

static inline handles_state *
get_handles_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (handles_state *)state;
}

static int
handles_traverse(PyObject *module, visitproc visit, void *arg)
{
    handles_state *st = get_handles_state(module);
    Py_VISIT(st->Handle);
    Py_VISIT(st->HandleType);
    return 0;
}

static int
handles_clear(PyObject *module)
{
    handles_state *st = get_handles_state(module);
    Py_CLEAR(st->Handle);
    Py_CLEAR(st->HandleType);
    return 0;
}

static void
handles_free(void *module)
{
    (void)handles_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
handles_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Handle_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Handle_slots[] = {
    {Py_tp_doc, (void *)"A wrapped descriptor."},
    {Py_tp_traverse, (void *)Handle_traverse},
    {Py_tp_methods, (void *)Handle_methods},
    {0, NULL},
};

static PyType_Spec Handle_spec = {
    .name = "handles.Handle",
    .basicsize = sizeof(HandleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Handle_slots,
};

static PyObject *
handles_handle_class(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    handles_state *st = get_handles_state(module);

    Py_INCREF(st->Handle);
    return st->Handle;
}

static PyObject *
handles_wrap(PyObject *module, PyObject *arg)
{
    handles_state *st = get_handles_state(module);
    HandleObject *h;
    long fd = PyLong_AsLong(arg);

    if (fd == -1 && PyErr_Occurred())
        return NULL;
    h = PyObject_GC_New(HandleObject, st->HandleType);
    if (h == NULL)
        return NULL;
    h->fd = fd;
    PyObject_GC_Track((PyObject *)h);
    return (PyObject *)h;
}

static PyMethodDef handles_methods[] = {
    {"handle_class", handles_handle_class, METH_NOARGS, "The Handle class."},
    {"wrap", handles_wrap, METH_O, "Wrap a descriptor."},
    {NULL, NULL, 0, NULL}
};

static int handles_exec(PyObject *m);

static PyModuleDef_Slot handles_slots[] = {
    {Py_mod_exec, (void *)handles_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef handlesmodule = {
    PyModuleDef_HEAD_INIT,
    "handles",
    "Handles of descriptors.",
    sizeof(handles_state),
    handles_methods,
    handles_slots,
    handles_traverse,
    handles_clear,
    handles_free,
};

static int
handles_exec(PyObject *m)
{
    handles_state *st = get_handles_state(m);

    if (handles_create_type(m, &Handle_spec, NULL, &st->HandleType, 1) < 0)
        return -1;
    st->Handle = (PyObject *)st->HandleType;
    Py_INCREF(st->Handle);
    if (PyModule_AddObject(m, "Handle", st->Handle) < 0) {
        Py_DECREF(st->Handle);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_handles(void)
{
    return PyModuleDef_Init(&handlesmodule);
}
