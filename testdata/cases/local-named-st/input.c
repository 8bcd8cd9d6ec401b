/*
 * fstat: small helpers around stat(2). Several functions keep the result of
 * stat() in a local called `st`, as POSIX code usually does.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>

static PyObject *FstatError;        /* fstat.error */
static PyObject *kind_names;        /* tuple of kind names, built in init */

#define RAISE_FOR(path) PyErr_SetFromErrnoWithFilenameObject(FstatError, (path))

static int
require_regular(PyObject *path, const struct stat *st)
{
    if (!S_ISREG(st->st_mode)) {
        PyErr_Format(FstatError, "%R is not a regular file", path);
        return -1;
    }
    return 0;
}

static PyObject *
kind_of(const struct stat *st)
{
    Py_ssize_t i = S_ISDIR(st->st_mode) ? 1 : S_ISREG(st->st_mode) ? 0 : 2;
    PyObject *name = PyTuple_GET_ITEM(kind_names, i);
    Py_INCREF(name);
    return name;
}

static int
stat_path(PyObject *path, struct stat *st)
{
    const char *p = PyUnicode_AsUTF8(path);
    if (p == NULL)
        return -1;
    if (stat(p, st) != 0) {
        RAISE_FOR(path);
        return -1;
    }
    return 0;
}

static PyObject *
fstat_size(PyObject *self, PyObject *path)
{
    struct stat st;

    if (stat_path(path, &st) < 0)
        return NULL;
    if (require_regular(path, &st) < 0)
        return NULL;
    return PyLong_FromLongLong((long long)st.st_size);
}

static PyObject *
fstat_kind(PyObject *self, PyObject *path)
{
    struct stat st;

    if (stat_path(path, &st) < 0)
        return NULL;
    return kind_of(&st);
}

static PyObject *
fstat_mtime(PyObject *self, PyObject *path)
{
    struct stat st;
    const char *p = PyUnicode_AsUTF8(path);

    if (p == NULL)
        return NULL;
    if (stat(p, &st) != 0) {
        PyErr_SetFromErrnoWithFilenameObject(FstatError, path);
        return NULL;
    }
    return PyLong_FromLongLong((long long)st.st_mtime);
}

/* C code calls fstat_mtime() directly, without a module. */
static PyObject *
fstat_newer(PyObject *self, PyObject *args)
{
    PyObject *a, *b, *ta, *tb, *res;

    if (!PyArg_ParseTuple(args, "UU:newer", &a, &b))
        return NULL;
    ta = fstat_mtime(NULL, a);
    if (ta == NULL)
        return NULL;
    tb = fstat_mtime(NULL, b);
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
    Py_INCREF(kind_names);
    return kind_names;
}

/* An entry remembers a path and refreshes its size on demand. */
typedef struct {
    PyObject_HEAD
    PyObject *path;
    long long size;
} EntryObject;

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
    Py_XDECREF(self->path);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Entry_refresh(EntryObject *self, PyObject *Py_UNUSED(ignored))
{
    struct stat st;

    if (stat_path(self->path, &st) < 0)
        return NULL;
    self->size = (long long)st.st_size;
    return PyLong_FromLongLong(self->size);
}

static PyObject *
Entry_summary(EntryObject *self, PyObject *Py_UNUSED(ignored))
{
    long long st = self->size, parts[2] = {st, (long long)PyTuple_GET_SIZE(kind_names)};

    return Py_BuildValue("(LL)", parts[0], parts[1]);
}

static PyMethodDef Entry_methods[] = {
    {"refresh", (PyCFunction)Entry_refresh, METH_NOARGS, "stat() the path again; returns the size."},
    {"summary", (PyCFunction)Entry_summary, METH_NOARGS, "(size, number of kinds)."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject EntryType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "fstat.Entry",
    .tp_basicsize = sizeof(EntryObject),
    .tp_dealloc = (destructor)Entry_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A path whose size is read on demand.",
    .tp_methods = Entry_methods,
    .tp_new = Entry_new,
};

static PyMethodDef fstat_methods[] = {
    {"size", fstat_size, METH_O, "Size of a regular file."},
    {"kind", fstat_kind, METH_O, "'file', 'dir' or 'other'."},
    {"kinds", fstat_kinds, METH_NOARGS, "Every kind name."},
    {"mtime", fstat_mtime, METH_O, "Modification time in whole seconds."},
    {"newer", fstat_newer, METH_VARARGS, "Whether the first file is newer than the second."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fstat_module = {
    PyModuleDef_HEAD_INIT,
    "fstat",
    "stat(2) helpers.",
    -1,
    fstat_methods
};

PyMODINIT_FUNC
PyInit_fstat(void)
{
    PyObject *m;

    if (PyType_Ready(&EntryType) < 0)
        return NULL;
    m = PyModule_Create(&fstat_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&EntryType);
    if (PyModule_AddObject(m, "Entry", (PyObject *)&EntryType) < 0) {
        Py_DECREF(&EntryType);
        goto fail;
    }
    FstatError = PyErr_NewException("fstat.error", PyExc_OSError, NULL);
    if (FstatError == NULL)
        goto fail;
    Py_INCREF(FstatError);
    if (PyModule_AddObject(m, "error", FstatError) < 0) {
        Py_DECREF(FstatError);
        goto fail;
    }
    kind_names = Py_BuildValue("(sss)", "file", "dir", "other");
    if (kind_names == NULL)
        goto fail;
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
