/* counter -- a counter type with a C API exported as a struct (designated initializer). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

#define COUNTER_CAPSULE "counter._C_API"

/* The C API other extensions see (normally in a public header). */
typedef struct {
    int abi_version;
    PyTypeObject *CounterType;
    PyObject *(*Counter_FromLong)(long start);
    long (*Counter_Value)(PyObject *counter);
    const char *provider;
} CounterCAPI;

typedef struct {
    PyObject_HEAD
    long value;
} CounterObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *CounterType; /* was: static PyTypeObject CounterType */
    CounterCAPI counter_capi;  /* was: static CounterCAPI counter_capi (the exported C-API
                                  table) */
} counter_state;

static struct PyModuleDef countermodule;

static inline counter_state *
get_counter_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (counter_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline counter_state *
counter_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &countermodule);
    return module == NULL ? NULL : get_counter_state(module);
}

static int
counter_traverse(PyObject *module, visitproc visit, void *arg)
{
    counter_state *st = get_counter_state(module);
    Py_VISIT(st->CounterType);
    return 0;
}

static int
counter_clear(PyObject *module)
{
    counter_state *st = get_counter_state(module);
    Py_CLEAR(st->CounterType);
    return 0;
}

static void
counter_free(void *module)
{
    (void)counter_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
counter_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

/* The legacy C-API's module: the main interpreter's first one (set in exec, never freed). */
static counter_state *counter_main_state = NULL;

static counter_state *
counter_legacy_state(void)
{
    if (counter_main_state == NULL || PyInterpreterState_Get() != PyInterpreterState_Main()) {
        PyErr_SetString(PyExc_RuntimeError,
                        "counter C-API: this function works in the main interpreter only");
        return NULL;
    }
    return counter_main_state;
}

static PyObject *counter_from_long_impl(counter_state *st, long start);
static long counter_value_impl(counter_state *st, PyObject *counter);

static PyObject *
counter_from_long_impl(counter_state *st, long start)
{
    CounterObject *self = PyObject_GC_New(CounterObject, st->CounterType);
    if (self != NULL)
        self->value = start;
    PyObject_GC_Track((PyObject *)self);
    return (PyObject *)self;
}

/* For the C-API table: the main interpreter's module (pyext-isolate). */
static PyObject *
counter_from_long(long start)
{
    counter_state *st = counter_legacy_state();
    if (st == NULL)
        return NULL;
    return counter_from_long_impl(st, start);
}

static long
counter_value_impl(counter_state *st, PyObject *counter)
{
    if (!PyObject_TypeCheck(counter, st->CounterType)) {
        PyErr_SetString(PyExc_TypeError, "a counter.Counter is required");
        return -1;
    }
    return ((CounterObject *)counter)->value;
}

/* For the C-API table: the module of counter's type, else the main interpreter's module
 * (pyext-isolate). */
static long
counter_value(PyObject *counter)
{
    counter_state *st = counter_get_state_by_type(Py_TYPE(counter));
    if (st == NULL) {
        PyErr_Clear();
        st = counter_legacy_state();
    }
    if (st == NULL)
        return -1;
    return counter_value_impl(st, counter);
}

static PyObject *
Counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long start = 0;
    CounterObject *self;
    if (!PyArg_ParseTuple(args, "|l:Counter", &start))
        return NULL;
    self = (CounterObject *)type->tp_alloc(type, 0);
    if (self != NULL)
        self->value = start;
    return (PyObject *)self;
}

static PyObject *
Counter_incr(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->value++;
    return PyLong_FromLong(self->value);
}

static PyMethodDef Counter_methods[] = {
    {"incr", (PyCFunction)Counter_incr, METH_NOARGS, "add one, return the new value"},
    {NULL, NULL, 0, NULL},
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
    {Py_tp_doc, (void *)"A counter."},
    {Py_tp_traverse, (void *)Counter_traverse},
    {Py_tp_methods, (void *)Counter_methods},
    {Py_tp_new, (void *)Counter_new},
    {0, NULL},
};

static PyType_Spec Counter_spec = {
    .name = "counter.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};

/* Reads a counter through this module's own exported table, as a consumer would. */
static PyObject *
counter_via_capi(PyObject *module, PyObject *arg)
{
    PyObject *capsule = PyObject_GetAttrString(module, "_C_API");
    CounterCAPI *api;
    long v;
    if (capsule == NULL)
        return NULL;
    api = (CounterCAPI *)PyCapsule_GetPointer(capsule, COUNTER_CAPSULE);
    Py_DECREF(capsule);
    if (api == NULL)
        return NULL;
    if (Py_TYPE(arg) != api->CounterType) {
        PyErr_SetString(PyExc_AssertionError, "the table names another Counter type");
        return NULL;
    }
    v = api->Counter_Value(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return Py_BuildValue("lis", v, api->abi_version, api->provider);
}

static PyObject *
counter_make(PyObject *module, PyObject *arg)
{
    counter_state *st = get_counter_state(module);
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return counter_from_long_impl(st, v);
}

static PyMethodDef counter_functions[] = {
    {"via_capi", counter_via_capi, METH_O, "via_capi(counter) -> (value, abi, provider)"},
    {"make", counter_make, METH_O, "make(n) -> Counter"},
    {NULL, NULL, 0, NULL},
};

static int counter_exec(PyObject *m);

static PyModuleDef_Slot counter_slots[] = {
    {Py_mod_exec, (void *)counter_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef countermodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "counter",
    .m_size = sizeof(counter_state),
    .m_methods = counter_functions,
    .m_slots = counter_slots,
    .m_traverse = counter_traverse,
    .m_clear = counter_clear,
    .m_free = counter_free,
};

static int
counter_exec(PyObject *m)
{
    counter_state *st = get_counter_state(m);
    PyObject *capsule;

    if (counter_create_type(m, &Counter_spec, NULL, &st->CounterType, 0) < 0)
        return -1;
    Py_INCREF(st->CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)st->CounterType) < 0) {
        Py_DECREF(st->CounterType);
        return -1;
    }
    /* pyext-isolate: this module's C-API table (it had a static initializer). */
    st->counter_capi.abi_version = 1;
    st->counter_capi.CounterType = st->CounterType;
    st->counter_capi.Counter_FromLong = counter_from_long;
    st->counter_capi.Counter_Value = counter_value;
    st->counter_capi.provider = "counter";
    /* pyext-isolate: the main interpreter's first module serves consumers that cache the table. */
    if (counter_main_state == NULL && PyInterpreterState_Get() == PyInterpreterState_Main()) {
        counter_main_state = st;
        Py_INCREF(m); /* kept alive until exit */
    }
    capsule = PyCapsule_New((void *)&st->counter_capi, COUNTER_CAPSULE, NULL);
    if (capsule == NULL || PyModule_AddObject(m, "_C_API", capsule) < 0) {
        Py_XDECREF(capsule);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_counter(void)
{
    return PyModuleDef_Init(&countermodule);
}
