/* A module whose method tables are written with object-like macros: Argument
 * Clinic's METHODDEF entries (from entries.c.h) and hand-written FUNC_DEF ones. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ParseError;      /* was: static PyObject *ParseError */
    PyObject *LimitError;      /* was: static PyObject *LimitError */
    PyTypeObject *CounterType; /* was: static PyTypeObject CounterType */
} entries_state;

static struct PyModuleDef entriesmodule;

static inline entries_state *
get_entries_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (entries_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline entries_state *
entries_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &entriesmodule);
    return module == NULL ? NULL : get_entries_state(module);
}

static int
entries_traverse(PyObject *module, visitproc visit, void *arg)
{
    entries_state *st = get_entries_state(module);
    Py_VISIT(st->ParseError);
    Py_VISIT(st->LimitError);
    Py_VISIT(st->CounterType);
    return 0;
}

static int
entries_clear(PyObject *module)
{
    entries_state *st = get_entries_state(module);
    Py_CLEAR(st->ParseError);
    Py_CLEAR(st->LimitError);
    Py_CLEAR(st->CounterType);
    return 0;
}

static void
entries_free(void *module)
{
    (void)entries_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
entries_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    long value;
    long limit;
} CounterObject;

/* The state of `self`, a CounterObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline entries_state *
entries_get_state_of_CounterObject(CounterObject *self)
{
    if (self->module_state == NULL)
        self->module_state = entries_get_state_by_type(Py_TYPE(self));
    return (entries_state *)self->module_state;
}

#include "entries.c.h"

static int
check_digits(entries_state *st, PyObject *text)
{
    Py_ssize_t i, n = PyUnicode_GET_LENGTH(text);

    for (i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(text, i);
        if (c < '0' || c > '9') {
            PyErr_Format(st->ParseError, "not a digit at %zd", i);
            return -1;
        }
    }
    return 0;
}

static PyObject *
entries_parse_impl(PyObject *module, PyObject *text)
{
    entries_state *st = get_entries_state(module);

    if (check_digits(st, text) < 0)
        return NULL;
    return PyLong_FromUnicodeObject(text, 10);
}

PyDoc_STRVAR(entries_fail__doc__, "fail() -> always raises ParseError");
#define FUNC_DEF_FAIL {"fail", (PyCFunction)entries_fail, METH_NOARGS, entries_fail__doc__}

static PyObject *
entries_fail(PyObject *module, PyObject *unused)
{
    entries_state *st = get_entries_state(module);

    PyErr_SetString(st->ParseError, "always");
    return NULL;
}

static PyObject *
Counter_bump_impl(CounterObject *self)
{
    if (self->value >= self->limit) {
        entries_state *st = entries_get_state_of_CounterObject(self);
        if (st == NULL)
            return NULL;
        PyErr_Format(st->LimitError, "limit %ld reached", self->limit);
        return NULL;
    }
    self->value++;
    return PyLong_FromLong(self->value);
}

static PyObject *
Counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long limit = 3;
    CounterObject *self;

    if (!PyArg_ParseTuple(args, "|l:Counter", &limit))
        return NULL;
    self = (CounterObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->value = 0;
    self->limit = limit;
    return (PyObject *)self;
}

static PyMethodDef Counter_methods[] = {
    COUNTER_BUMP_METHODDEF
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Counter_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Counter_slots[] = {
    {Py_tp_doc, (void *)"Counts up to a limit."},
    {Py_tp_traverse, (void *)Counter_traverse},
    {Py_tp_methods, (void *)Counter_methods},
    {Py_tp_new, (void *)Counter_new},
    {0, NULL},
};

static PyType_Spec Counter_spec = {
    .name = "entries.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

static PyMethodDef entries_methods[] = {
    ENTRIES_PARSE_METHODDEF
    FUNC_DEF_FAIL,
    {NULL, NULL, 0, NULL}
};

static int entries_exec(PyObject *m);

static PyModuleDef_Slot entries_slots[] = {
    {Py_mod_exec, (void *)entries_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef entriesmodule = {
    PyModuleDef_HEAD_INIT,
    "entries",
    "Method tables written with macros.",
    sizeof(entries_state),
    entries_methods,
    entries_slots,
    entries_traverse,
    entries_clear,
    entries_free
};

static int
entries_exec(PyObject *m)
{
    entries_state *st = get_entries_state(m);

    if (entries_create_type(m, &Counter_spec, NULL, &st->CounterType, 0) < 0)
        return -1;
    st->ParseError = PyErr_NewException("entries.ParseError", PyExc_ValueError, NULL);
    if (st->ParseError == NULL)
        goto error;
    Py_INCREF(st->ParseError);
    if (PyModule_AddObject(m, "ParseError", st->ParseError) < 0) {
        Py_DECREF(st->ParseError);
        goto error;
    }
    st->LimitError = PyErr_NewException("entries.LimitError", NULL, NULL);
    if (st->LimitError == NULL)
        goto error;
    Py_INCREF(st->LimitError);
    if (PyModule_AddObject(m, "LimitError", st->LimitError) < 0) {
        Py_DECREF(st->LimitError);
        goto error;
    }
    Py_INCREF(st->CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)st->CounterType) < 0) {
        Py_DECREF(st->CounterType);
        goto error;
    }
    return 0;

error:
    return -1;
}

PyMODINIT_FUNC
PyInit_entries(void)
{
    return PyModuleDef_Init(&entriesmodule);
}
