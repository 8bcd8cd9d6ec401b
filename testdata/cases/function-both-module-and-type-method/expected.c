/* One method table is the module's functions (self is the module) and a
 * type's methods (self is an object of it); the functions tell the two apart
 * with a type check on self (unicodedata's shape). */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    int old;
} DBObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *DB_Type; /* was: static PyTypeObject DB_Type */
} ucd_state;

static struct PyModuleDef ucd_module;

static inline ucd_state *
get_ucd_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (ucd_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with
 * an exception if none did. */
static inline ucd_state *
ucd_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &ucd_module);
    return module == NULL ? NULL : get_ucd_state(module);
}

static int
ucd_traverse(PyObject *module, visitproc visit, void *arg)
{
    ucd_state *st = get_ucd_state(module);
    Py_VISIT(st->DB_Type);
    return 0;
}

static int
ucd_clear(PyObject *module)
{
    ucd_state *st = get_ucd_state(module);
    Py_CLEAR(st->DB_Type);
    return 0;
}

static void
ucd_free(void *module)
{
    (void)ucd_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
ucd_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
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

#define DB_Check(st, o) (Py_TYPE(o) == st->DB_Type)

static const char *
version_of(ucd_state *st, PyObject *self)
{
    if (self && DB_Check(st, self))
        return "3.2.0";
    return "17.0.0";
}

static PyObject *
db_version(PyObject *self, PyObject *unused)
{
    ucd_state *st = PyModule_Check(self) ? get_ucd_state(self)
                    : ucd_get_state_by_type(Py_TYPE(self));
    if (st == NULL)
        return NULL;
    return PyUnicode_FromString(version_of(st, self));
}

static PyObject *
db_is_old(PyObject *self, PyObject *unused)
{
    ucd_state *st = PyModule_Check(self) ? get_ucd_state(self)
                    : ucd_get_state_by_type(Py_TYPE(self));
    if (st == NULL)
        return NULL;
    return PyBool_FromLong(self && DB_Check(st, self));
}

#include "ucd.c.h"

/* As Argument Clinic writes it: the wrapper in ucd.c.h calls this. */
static PyObject *
db_kind_impl(PyObject *self, PyObject *name)
{
    ucd_state *st = PyModule_Check(self) ? get_ucd_state(self)
                    : ucd_get_state_by_type(Py_TYPE(self));
    if (st == NULL)
        return NULL;
    return PyUnicode_FromFormat("%U of %s", name, version_of(st, self));
}

static PyMethodDef db_methods[] = {
    DB_KIND_METHODDEF
    {"version", db_version, METH_NOARGS, NULL},
    {"is_old", db_is_old, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
DB_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot DB_slots[] = {
    {Py_tp_traverse, (void *)DB_traverse},
    {Py_tp_methods, (void *)db_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec DB_spec = {
    .name = "ucd.DB",
    .basicsize = sizeof(DBObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = DB_slots,
};

static PyObject *
new_old_version(ucd_state *st)
{
    DBObject *self = PyObject_GC_New(DBObject, st->DB_Type);
    if (self == NULL)
        return NULL;
    self->old = 1;
    PyObject_GC_Track((PyObject *)self);
    return (PyObject *)self;
}

static int ucd_exec(PyObject *m);

static PyModuleDef_Slot ucd_slots[] = {
    {Py_mod_exec, (void *)ucd_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef ucd_module = {
    PyModuleDef_HEAD_INIT, "ucd", NULL, sizeof(ucd_state), db_methods,
    ucd_slots,
    ucd_traverse,
    ucd_clear,
    ucd_free};

static int
ucd_exec(PyObject *m)
{
    ucd_state *st = get_ucd_state(m);
    PyObject *v;
    if (ucd_create_type(m, &DB_spec, NULL, &st->DB_Type, 0) < 0)
        return -1;
    v = new_old_version(st);
    if (v == NULL)
        return -1;
    if (PyModule_AddObject(m, "old", v) < 0) {
        Py_DECREF(v);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_ucd(void)
{
    return PyModuleDef_Init(&ucd_module);
}
