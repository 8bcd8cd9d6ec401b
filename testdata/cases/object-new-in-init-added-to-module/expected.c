/* The init makes an object of its static type with PyObject_New and adds it to the module: the
 * type becomes a GC heap type, so the object is made with PyObject_GC_New and tracked right
 * after the check that it was made, whose braces the exec function no longer needs. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    int version;
} DBObject;

static PyObject *
DB_version(DBObject *self, PyObject *unused)
{
    return PyLong_FromLong(self->version);
}

static PyMethodDef DB_methods[] = {
    {"version", (PyCFunction)DB_version, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *DB_Type; /* was: static PyTypeObject DB_Type */
} dbobj_state;

static inline dbobj_state *
get_dbobj_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (dbobj_state *)state;
}

static int
dbobj_traverse(PyObject *module, visitproc visit, void *arg)
{
    dbobj_state *st = get_dbobj_state(module);
    Py_VISIT(st->DB_Type);
    return 0;
}

static int
dbobj_clear(PyObject *module)
{
    dbobj_state *st = get_dbobj_state(module);
    Py_CLEAR(st->DB_Type);
    return 0;
}

static void
dbobj_free(void *module)
{
    (void)dbobj_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
dbobj_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
DB_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot DB_slots[] = {
    {Py_tp_traverse, (void *)DB_traverse},
    {Py_tp_methods, (void *)DB_methods},
    {0, NULL},
};

static PyType_Spec DB_spec = {
    .name = "dbobj.DB",
    .basicsize = sizeof(DBObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = DB_slots,
};

static int dbobj_exec(PyObject *m);

static PyModuleDef_Slot dbobj_slots[] = {
    {Py_mod_exec, (void *)dbobj_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef dbobj_module = {PyModuleDef_HEAD_INIT, "dbobj", NULL, sizeof(dbobj_state), NULL, dbobj_slots, dbobj_traverse, dbobj_clear, dbobj_free};

static int
dbobj_exec(PyObject *m)
{
    dbobj_state *st = get_dbobj_state(m);
    DBObject *old;
    if (dbobj_create_type(m, &DB_spec, NULL, &st->DB_Type, 1) < 0)
        return -1;
    old = PyObject_GC_New(DBObject, st->DB_Type);
    if (old == NULL)
        return -1;
    PyObject_GC_Track((PyObject *)old);
    old->version = 32;
    if (PyModule_AddObject(m, "old", (PyObject *)old) < 0) {
        Py_DECREF(old);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_dbobj(void)
{
    return PyModuleDef_Init(&dbobj_module);
}
