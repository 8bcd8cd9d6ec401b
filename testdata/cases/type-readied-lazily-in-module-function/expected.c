/* A device handle type that is readied only when the first device is opened, in the module
   function that makes its instances, not in the init. Its methods raise the module's exception. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ErrorObject;     /* was: static PyObject *ErrorObject */
    PyTypeObject *Device_Type; /* was: static PyTypeObject Device_Type */
} lazydev_state;

static inline lazydev_state *get_lazydev_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (lazydev_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline lazydev_state *lazydev_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (lazydev_state *)state;
}

static int lazydev_traverse(PyObject *module, visitproc visit, void *arg)
{
    lazydev_state *st = get_lazydev_state(module);
    Py_VISIT(st->ErrorObject);
    Py_VISIT(st->Device_Type);
    return 0;
}

static int lazydev_clear(PyObject *module)
{
    lazydev_state *st = get_lazydev_state(module);
    Py_CLEAR(st->ErrorObject);
    Py_CLEAR(st->Device_Type);
    return 0;
}

static void lazydev_free(void *module)
{
    (void)lazydev_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int lazydev_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
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
    long handle;
} DeviceObject;

static void Device_dealloc(DeviceObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyObject *Device_read(DeviceObject *self, PyObject *args)
{
    if (self->handle < 0) {
        lazydev_state *st = lazydev_get_state_of_type(Py_TYPE(self));
        PyErr_SetString(st->ErrorObject, "device is closed");
        return NULL;
    }
    return PyLong_FromLong(self->handle * 2);
}

static PyObject *Device_close(DeviceObject *self, PyObject *args)
{
    self->handle = -1;
    Py_RETURN_NONE;
}

static PyMethodDef Device_methods[] = {
    {"read", (PyCFunction)Device_read, METH_NOARGS, NULL},
    {"close", (PyCFunction)Device_close, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int Device_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Device_slots[] = {
    {Py_tp_dealloc, (void *)Device_dealloc},
    {Py_tp_traverse, (void *)Device_traverse},
    {Py_tp_methods, (void *)Device_methods},
    {0, NULL},
};

static PyType_Spec Device_spec = {
    .name = "lazydev.Device",
    .basicsize = sizeof(DeviceObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Device_slots,
};

static PyObject *lazydev_open(PyObject *self, PyObject *args)
{
    lazydev_state *st = get_lazydev_state(self);
    long handle;
    DeviceObject *dev;
    if (!PyArg_ParseTuple(args, "l", &handle))
        return NULL;

    dev = PyObject_GC_New(DeviceObject, st->Device_Type);
    if (dev == NULL)
        return NULL;
    dev->handle = handle;
    PyObject_GC_Track((PyObject *)dev);
    return (PyObject *)dev;
}

static PyMethodDef lazydev_methods[] = {
    {"open", lazydev_open, METH_VARARGS, "Open a device."},
    {NULL, NULL, 0, NULL}
};

static int lazydev_exec(PyObject *m);

static PyModuleDef_Slot lazydev_slots[] = {
    {Py_mod_exec, (void *)lazydev_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef lazydev_module = {
    PyModuleDef_HEAD_INIT, "lazydev", NULL, sizeof(lazydev_state), lazydev_methods,
    lazydev_slots,
    lazydev_traverse,
    lazydev_clear,
    lazydev_free,
};

static int lazydev_exec(PyObject *m)
{
    lazydev_state *st = get_lazydev_state(m);
    if (lazydev_create_type(m, &Device_spec, NULL, &st->Device_Type, 1) < 0)
        return -1;
    st->ErrorObject = PyErr_NewException("lazydev.error", NULL, NULL);
    if (st->ErrorObject == NULL)
        return -1;
    Py_INCREF(st->ErrorObject);
    if (PyModule_AddObject(m, "error", st->ErrorObject) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC PyInit_lazydev(void)
{
    return PyModuleDef_Init(&lazydev_module);
}
