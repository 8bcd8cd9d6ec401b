/*
 * fstat: small helpers around stat(2). Several functions keep the result of
 * stat() in a local called `st`, as POSIX code usually does.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *FstatError;    /* was: static PyObject *FstatError */
    PyObject *kind_names;    /* was: static PyObject *kind_names */
    PyTypeObject *EntryType; /* was: static PyTypeObject EntryType */
} fstat_state;

static struct PyModuleDef fstat_module;

static inline fstat_state *
get_fstat_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (fstat_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline fstat_state *
fstat_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &fstat_module);
    return module == NULL ? NULL : get_fstat_state(module);
}

static int
fstat_traverse(PyObject *module, visitproc visit, void *arg)
{
    fstat_state *st = get_fstat_state(module);
    Py_VISIT(st->FstatError);
    Py_VISIT(st->kind_names);
    Py_VISIT(st->EntryType);
    return 0;
}

static int
fstat_clear(PyObject *module)
{
    fstat_state *st = get_fstat_state(module);
    Py_CLEAR(st->FstatError);
    Py_CLEAR(st->kind_names);
    Py_CLEAR(st->EntryType);
    return 0;
}

static void
fstat_free(void *module)
{
    (void)fstat_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
fstat_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

#define RAISE_FOR(st, path) PyErr_SetFromErrnoWithFilenameObject(st->FstatError, (path))

static int
require_regular(fstat_state *mod_st, PyObject *path, const struct stat *st)
{
    if (!S_ISREG(st->st_mode)) {
        PyErr_Format(mod_st->FstatError, "%R is not a regular file", path);
        return -1;
    }
    return 0;
}

static PyObject *
kind_of(fstat_state *mod_st, const struct stat *st)
{
    Py_ssize_t i = S_ISDIR(st->st_mode) ? 1 : S_ISREG(st->st_mode) ? 0 : 2;
    PyObject *name = PyTuple_GET_ITEM(mod_st->kind_names, i);
    Py_INCREF(name);
    return name;
}

static int
stat_path(fstat_state *mod_st, PyObject *path, struct stat *st)
{
    const char *p = PyUnicode_AsUTF8(path);
    if (p == NULL)
        return -1;
    if (stat(p, st) != 0) {
        RAISE_FOR(mod_st, path);
        return -1;
    }
    return 0;
}

static PyObject *
fstat_size(PyObject *self, PyObject *path)
{
    fstat_state *mod_st = get_fstat_state(self);
    struct stat st;

    if (stat_path(mod_st, path, &st) < 0)
        return NULL;
    if (require_regular(mod_st, path, &st) < 0)
        return NULL;
    return PyLong_FromLongLong((long long)st.st_size);
}

static PyObject *
fstat_kind(PyObject *self, PyObject *path)
{
    fstat_state *mod_st = get_fstat_state(self);
    struct stat st;

    if (stat_path(mod_st, path, &st) < 0)
        return NULL;
    return kind_of(mod_st, &st);
}

static PyObject *
fstat_mtime_impl(fstat_state *mod_st, PyObject *self, PyObject *path)
{
    struct stat st;
    const char *p = PyUnicode_AsUTF8(path);

    if (p == NULL)
        return NULL;
    if (stat(p, &st) != 0) {
        PyErr_SetFromErrnoWithFilenameObject(mod_st->FstatError, path);
        return NULL;
    }
    return PyLong_FromLongLong((long long)st.st_mtime);
}

/* For the method table; C code without the module calls fstat_mtime_impl() (pyext-isolate). */
static PyObject *
fstat_mtime(PyObject *self, PyObject *path)
{
    return fstat_mtime_impl(get_fstat_state(self), self, path);
}

/* C code calls fstat_mtime() directly, without a module. */
static PyObject *
fstat_newer(PyObject *self, PyObject *args)
{
    fstat_state *st = get_fstat_state(self);
    PyObject *a, *b, *ta, *tb, *res;

    if (!PyArg_ParseTuple(args, "UU:newer", &a, &b))
        return NULL;
    ta = fstat_mtime_impl(st, NULL, a);
    if (ta == NULL)
        return NULL;
    tb = fstat_mtime_impl(st, NULL, b);
    if (tb == NULL) {
        Py_DECREF(ta);
        return NULL;
    }
    res = PyObject_RichCompare(ta, tb, Py_GT);
    Py_DECREF(ta);
    Py_DECREF(tb);
    return res;
}

static PyObject *
fstat_kinds(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    fstat_state *st = get_fstat_state(self);

    Py_INCREF(st->kind_names);
    return st->kind_names;
}

/* An entry remembers a path and refreshes its size on demand. */
typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *path;
    long long size;
} EntryObject;

/* The state of `self`, a EntryObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline fstat_state *
fstat_get_state_of_EntryObject(EntryObject *self)
{
    if (self->module_state == NULL)
        self->module_state = fstat_get_state_by_type(Py_TYPE(self));
    return (fstat_state *)self->module_state;
}

static PyObject *
Entry_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"path", NULL};
    PyObject *path;
    EntryObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "U:Entry", kwlist, &path))
        return NULL;
    self = (EntryObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(path);
    self->path = path;
    self->size = -1;
    return (PyObject *)self;
}

static void
Entry_dealloc(EntryObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->path);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Entry_refresh(EntryObject *self, PyObject *Py_UNUSED(ignored))
{
    fstat_state *mod_st = fstat_get_state_of_EntryObject(self);
    struct stat st;

    if (mod_st == NULL)
        return NULL;
    if (stat_path(mod_st, self->path, &st) < 0)
        return NULL;
    self->size = (long long)st.st_size;
    return PyLong_FromLongLong(self->size);
}

static PyObject *
Entry_summary_impl(fstat_state *mod_st, EntryObject *self, PyObject *Py_UNUSED(ignored))
{
    long long st = self->size, parts[2] = {st, (long long)PyTuple_GET_SIZE(mod_st->kind_names)};

    return Py_BuildValue("(LL)", parts[0], parts[1]);
}

static PyObject *
Entry_summary(EntryObject *self, PyObject *ignored)
{
    fstat_state *mod_st = fstat_get_state_of_EntryObject(self);
    if (mod_st == NULL)
        return NULL;
    return Entry_summary_impl(mod_st, self, ignored);
}

static PyMethodDef Entry_methods[] = {
    {"refresh", (PyCFunction)Entry_refresh, METH_NOARGS, "stat() the path again; returns the size."},
    {"summary", (PyCFunction)Entry_summary, METH_NOARGS, "(size, number of kinds)."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Entry_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Entry_slots[] = {
    {Py_tp_dealloc, (void *)Entry_dealloc},
    {Py_tp_doc, (void *)"A path whose size is read on demand."},
    {Py_tp_traverse, (void *)Entry_traverse},
    {Py_tp_methods, (void *)Entry_methods},
    {Py_tp_new, (void *)Entry_new},
    {0, NULL},
};

static PyType_Spec Entry_spec = {
    .name = "fstat.Entry",
    .basicsize = sizeof(EntryObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Entry_slots,
};

static PyMethodDef fstat_methods[] = {
    {"size", fstat_size, METH_O, "Size of a regular file."},
    {"kind", fstat_kind, METH_O, "'file', 'dir' or 'other'."},
    {"kinds", fstat_kinds, METH_NOARGS, "Every kind name."},
    {"mtime", fstat_mtime, METH_O, "Modification time in whole seconds."},
    {"newer", fstat_newer, METH_VARARGS, "Whether the first file is newer than the second."},
    {NULL, NULL, 0, NULL}
};

static int fstat_exec(PyObject *m);

static PyModuleDef_Slot fstat_slots[] = {
    {Py_mod_exec, (void *)fstat_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef fstat_module = {
    PyModuleDef_HEAD_INIT,
    "fstat",
    "stat(2) helpers.",
    sizeof(fstat_state),
    fstat_methods,
    fstat_slots,
    fstat_traverse,
    fstat_clear,
    fstat_free
};

static int
fstat_exec(PyObject *m)
{
    fstat_state *st = get_fstat_state(m);

    if (fstat_create_type(m, &Entry_spec, NULL, &st->EntryType, 0) < 0)
        return -1;
    Py_INCREF(st->EntryType);
    if (PyModule_AddObject(m, "Entry", (PyObject *)st->EntryType) < 0) {
        Py_DECREF(st->EntryType);
        goto fail;
    }
    st->FstatError = PyErr_NewException("fstat.error", PyExc_OSError, NULL);
    if (st->FstatError == NULL)
        goto fail;
    Py_INCREF(st->FstatError);
    if (PyModule_AddObject(m, "error", st->FstatError) < 0) {
        Py_DECREF(st->FstatError);
        goto fail;
    }
    st->kind_names = Py_BuildValue("(sss)", "file", "dir", "other");
    if (st->kind_names == NULL)
        goto fail;
    return 0;
fail:
    return -1;
}

PyMODINIT_FUNC
PyInit_fstat(void)
{
    return PyModuleDef_Init(&fstat_module);
}
