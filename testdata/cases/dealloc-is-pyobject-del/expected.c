/* A type whose tp_dealloc is CPython's free function itself (`PyObject_Del`), as unicodedata's UCD
 * type has: its objects hold no references. The module keeps one object of it as an attribute and
 * module functions make more with PyObject_New. */
#include <Python.h>
#include "structmember.h"
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    const char *name;
    int major;
} VersionObject;

static PyMemberDef version_members[] = {
    {"major", T_INT, offsetof(VersionObject, major), READONLY, "the major number"},
    {NULL}
};

static PyObject *
version_label(VersionObject *self, PyObject *unused)
{
    return PyUnicode_FromFormat("%s-%d", self->name, self->major);
}

static PyMethodDef version_methods[] = {
    {"label", (PyCFunction)version_label, METH_NOARGS, "name and number"},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Version_Type; /* was: static PyTypeObject Version_Type */
} versions_state;

static inline versions_state *
get_versions_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (versions_state *)state;
}

static int
versions_traverse(PyObject *module, visitproc visit, void *arg)
{
    versions_state *st = get_versions_state(module);
    Py_VISIT(st->Version_Type);
    return 0;
}

static int
versions_clear(PyObject *module)
{
    versions_state *st = get_versions_state(module);
    Py_CLEAR(st->Version_Type);
    return 0;
}

static void
versions_free(void *module)
{
    (void)versions_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
versions_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Version_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Version_slots[] = {
    {Py_tp_getattro, (void *)PyObject_GenericGetAttr},
    {Py_tp_doc, (void *)"a named version"},
    {Py_tp_traverse, (void *)Version_traverse},
    {Py_tp_methods, (void *)version_methods},
    {Py_tp_members, (void *)version_members},
    {0, NULL},
};

static PyType_Spec Version_spec = {
    .name = "versions.Version",
    .basicsize = sizeof(VersionObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Version_slots,
};

static PyObject *
new_version(versions_state *st, const char *name, int major)
{
    VersionObject *self = PyObject_GC_New(VersionObject, st->Version_Type);
    if (self == NULL)
        return NULL;
    self->name = name;
    self->major = major;
    PyObject_GC_Track((PyObject *)self);
    return (PyObject *)self;
}

static PyObject *
make(PyObject *module, PyObject *arg)
{
    versions_state *st = get_versions_state(module);
    long major = PyLong_AsLong(arg);
    if (major == -1 && PyErr_Occurred())
        return NULL;
    return new_version(st, "made", (int)major);
}

static PyMethodDef versions_methods[] = {
    {"make", make, METH_O, "a new Version"},
    {NULL, NULL, 0, NULL}
};

static int versions_exec(PyObject *m);

static PyModuleDef_Slot versions_slots[] = {
    {Py_mod_exec, (void *)versions_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef versions_module = {
    PyModuleDef_HEAD_INIT,
    "versions",
    NULL,
    sizeof(versions_state),
    versions_methods,
    versions_slots,
    versions_traverse,
    versions_clear,
    versions_free,
};

static int
versions_exec(PyObject *m)
{
    versions_state *st = get_versions_state(m);
    PyObject *v;

    if (versions_create_type(m, &Version_spec, NULL, &st->Version_Type, 1) < 0)
        return -1;
    Py_INCREF(st->Version_Type);
    if (PyModule_AddObject(m, "Version", (PyObject *)st->Version_Type) < 0) {
        Py_DECREF(st->Version_Type);
        return -1;
    }
    v = new_version(st, "old", 3);
    if (v == NULL)
        return -1;
    if (PyModule_AddObject(m, "old", v) < 0) {
        Py_DECREF(v);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_versions(void)
{
    return PyModuleDef_Init(&versions_module);
}
