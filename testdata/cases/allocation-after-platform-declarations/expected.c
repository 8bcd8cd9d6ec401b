/*
 * pathbox: keeps a path in the platform's own encoding. The function that makes a box declares
 * its buffer per platform, so its declarations end with an #endif right above the allocation,
 * which comes first (its fields start empty, so that an error path can drop it).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *path;     /* the path as given */
    Py_ssize_t length;  /* its length in the platform's encoding */
} PathBox;

static void
PathBox_dealloc(PathBox *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->path);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyObject *
PathBox_length(PathBox *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromSsize_t(self->length);
}

static PyMethodDef PathBox_methods[] = {
    {"length", (PyCFunction)PathBox_length, METH_NOARGS, "The length in the platform's encoding."},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *PathBox_Type; /* was: static PyTypeObject PathBox_Type */
} pathbox_state;

static inline pathbox_state *
get_pathbox_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (pathbox_state *)state;
}

static int
pathbox_traverse(PyObject *module, visitproc visit, void *arg)
{
    pathbox_state *st = get_pathbox_state(module);
    Py_VISIT(st->PathBox_Type);
    return 0;
}

static int
pathbox_clear(PyObject *module)
{
    pathbox_state *st = get_pathbox_state(module);
    Py_CLEAR(st->PathBox_Type);
    return 0;
}

static void
pathbox_free(void *module)
{
    (void)pathbox_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
pathbox_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
PathBox_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot PathBox_slots[] = {
    {Py_tp_dealloc, (void *)PathBox_dealloc},
    {Py_tp_doc, (void *)"A path kept in the platform's encoding."},
    {Py_tp_traverse, (void *)PathBox_traverse},
    {Py_tp_methods, (void *)PathBox_methods},
    {0, NULL},
};

static PyType_Spec PathBox_spec = {
    .name = "pathbox.PathBox",
    .basicsize = sizeof(PathBox),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = PathBox_slots,
};

static PyObject *
pathbox_open(PyObject *module, PyObject *args)
{
    pathbox_state *st = get_pathbox_state(module);
    PyObject *path;
    PathBox *box;
#ifdef _WIN32
    wchar_t *raw;
#else
    PyObject *raw;
#endif

    box = PyObject_GC_New(PathBox, st->PathBox_Type);
    if (box == NULL) {
        return NULL;
    }
    box->path = NULL;
    box->length = 0;
    if (!PyArg_ParseTuple(args, "U:open", &path)) {
        Py_DECREF(box);
        return NULL;
    }
    Py_INCREF(path);
    box->path = path;
#ifdef _WIN32
    raw = PyUnicode_AsWideCharString(path, &box->length);
    if (raw == NULL) {
        Py_DECREF(box);
        return NULL;
    }
    PyMem_Free(raw);
#else
    raw = PyUnicode_EncodeFSDefault(path);
    if (raw == NULL) {
        Py_DECREF(box);
        return NULL;
    }
    box->length = PyBytes_GET_SIZE(raw);
    Py_DECREF(raw);
#endif
    PyObject_GC_Track((PyObject *)box);
    return (PyObject *)box;
}

static PyMethodDef pathbox_methods[] = {
    {"open", pathbox_open, METH_VARARGS, "Keep a path in a new box."},
    {NULL, NULL, 0, NULL}
};

static int pathbox_exec(PyObject *m);

static PyModuleDef_Slot pathbox_slots[] = {
    {Py_mod_exec, (void *)pathbox_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pathbox_module = {
    PyModuleDef_HEAD_INIT, "pathbox", NULL, sizeof(pathbox_state), pathbox_methods,
    pathbox_slots,
    pathbox_traverse,
    pathbox_clear,
    pathbox_free
};

static int
pathbox_exec(PyObject *m)
{
    pathbox_state *st = get_pathbox_state(m);

    if (pathbox_create_type(m, &PathBox_spec, NULL, &st->PathBox_Type, 1) < 0) {
        return -1;
    }
    Py_INCREF(st->PathBox_Type);
    if (PyModule_AddObject(m, "PathBox", (PyObject *)st->PathBox_Type) < 0) {
        Py_DECREF(st->PathBox_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_pathbox(void)
{
    return PyModuleDef_Init(&pathbox_module);
}
