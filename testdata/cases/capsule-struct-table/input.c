/* counter -- a counter type with a C API exported as a struct (designated initializer). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

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

static PyTypeObject CounterType;

static PyObject *
counter_from_long(long start)
{
    CounterObject *self = PyObject_New(CounterObject, &CounterType);
    if (self != NULL)
        self->value = start;
    return (PyObject *)self;
}

static long
counter_value(PyObject *counter)
{
    if (!PyObject_TypeCheck(counter, &CounterType)) {
        PyErr_SetString(PyExc_TypeError, "a counter.Counter is required");
        return -1;
    }
    return ((CounterObject *)counter)->value;
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

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "counter.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A counter.",
    .tp_methods = Counter_methods,
    .tp_new = Counter_new,
};

static CounterCAPI counter_capi = {
    .abi_version = 1,
    .CounterType = &CounterType,
    .Counter_FromLong = counter_from_long,
    .Counter_Value = counter_value,
    .provider = "counter",
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
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return counter_from_long(v);
}

static PyMethodDef counter_functions[] = {
    {"via_capi", counter_via_capi, METH_O, "via_capi(counter) -> (value, abi, provider)"},
    {"make", counter_make, METH_O, "make(n) -> Counter"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef countermodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "counter",
    .m_size = -1,
    .m_methods = counter_functions,
};

PyMODINIT_FUNC
PyInit_counter(void)
{
    PyObject *m, *capsule;

    if (PyType_Ready(&CounterType) < 0)
        return NULL;
    m = PyModule_Create(&countermodule);
    if (m == NULL)
        return NULL;
    Py_INCREF(&CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        Py_DECREF(m);
        return NULL;
    }
    capsule = PyCapsule_New((void *)&counter_capi, COUNTER_CAPSULE, NULL);
    if (capsule == NULL || PyModule_AddObject(m, "_C_API", capsule) < 0) {
        Py_XDECREF(capsule);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
