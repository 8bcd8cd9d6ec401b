/* handles: the Handle type kept in an object global as well, and instances made through that
 * global (PyObject_New(HandleObject, (PyTypeObject *)Handle)): a converted type becomes GC, and
 * only allocations that name the type become GC ones, so the global and the type both stay. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long fd;
} HandleObject;

static PyObject *
Handle_fileno(HandleObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(self->fd);
}

static PyMethodDef Handle_methods[] = {
    {"fileno", (PyCFunction)Handle_fileno, METH_NOARGS, "The descriptor this handle wraps."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject HandleType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "handles.Handle",
    .tp_basicsize = sizeof(HandleObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A wrapped descriptor.",
    .tp_methods = Handle_methods,
};

/* The class, as module functions hand it out. */
static PyObject *Handle;

static PyObject *
handles_handle_class(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    Py_INCREF(Handle);
    return Handle;
}

static PyObject *
handles_wrap(PyObject *module, PyObject *arg)
{
    HandleObject *h;
    long fd = PyLong_AsLong(arg);

    if (fd == -1 && PyErr_Occurred())
        return NULL;
    h = PyObject_New(HandleObject, (PyTypeObject *)Handle);
    if (h == NULL)
        return NULL;
    h->fd = fd;
    return (PyObject *)h;
}

static PyMethodDef handles_methods[] = {
    {"handle_class", handles_handle_class, METH_NOARGS, "The Handle class."},
    {"wrap", handles_wrap, METH_O, "Wrap a descriptor."},
    {NULL, NULL, 0, NULL}
};

static int handles_exec(PyObject *m);

static PyModuleDef_Slot handles_slots[] = {
    {Py_mod_exec, (void *)handles_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef handlesmodule = {
    PyModuleDef_HEAD_INIT,
    "handles",
    "Handles of descriptors.",
    0,
    handles_methods,
    handles_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int handles_loaded_once = 0;

static int
handles_exec(PyObject *m)
{

    if (handles_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "handles cannot be loaded more than once per process");
        return -1;
    }
    if (PyType_Ready(&HandleType) < 0)
        return -1;
    Handle = (PyObject *)&HandleType;
    Py_INCREF(Handle);
    if (PyModule_AddObject(m, "Handle", Handle) < 0) {
        Py_DECREF(Handle);
        return -1;
    }
    handles_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_handles(void)
{
    return PyModuleDef_Init(&handlesmodule);
}
