/* A device handle type that is readied only when the first device is opened, in the module
   function that makes its instances, not in the init. Its methods raise the module's exception. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *ErrorObject;

typedef struct {
    PyObject_HEAD
    long handle;
} DeviceObject;

static PyTypeObject Device_Type;

static void Device_dealloc(DeviceObject *self)
{
    PyObject_Del(self);
}

static PyObject *Device_read(DeviceObject *self, PyObject *args)
{
    if (self->handle < 0) {
        PyErr_SetString(ErrorObject, "device is closed");
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

static PyTypeObject Device_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "lazydev.Device",                   /* tp_name */
    sizeof(DeviceObject),               /* tp_basicsize */
    0,                                  /* tp_itemsize */
    (destructor)Device_dealloc,         /* tp_dealloc */
    0,                                  /* tp_vectorcall_offset */
    0,                                  /* tp_getattr */
    0,                                  /* tp_setattr */
    0,                                  /* tp_as_async */
    0,                                  /* tp_repr */
    0,                                  /* tp_as_number */
    0,                                  /* tp_as_sequence */
    0,                                  /* tp_as_mapping */
    0,                                  /* tp_hash */
    0,                                  /* tp_call */
    0,                                  /* tp_str */
    0,                                  /* tp_getattro */
    0,                                  /* tp_setattro */
    0,                                  /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,                 /* tp_flags */
    0,                                  /* tp_doc */
    0,                                  /* tp_traverse */
    0,                                  /* tp_clear */
    0,                                  /* tp_richcompare */
    0,                                  /* tp_weaklistoffset */
    0,                                  /* tp_iter */
    0,                                  /* tp_iternext */
    Device_methods,                     /* tp_methods */
};

static PyObject *lazydev_open(PyObject *self, PyObject *args)
{
    long handle;
    DeviceObject *dev;
    if (!PyArg_ParseTuple(args, "l", &handle))
        return NULL;

    if (PyType_Ready(&Device_Type) < 0)
        return NULL;

    dev = PyObject_New(DeviceObject, &Device_Type);
    if (dev == NULL)
        return NULL;
    dev->handle = handle;
    return (PyObject *)dev;
}

static PyMethodDef lazydev_methods[] = {
    {"open", lazydev_open, METH_VARARGS, "Open a device."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef lazydev_module = {
    PyModuleDef_HEAD_INIT, "lazydev", NULL, -1, lazydev_methods,
};

PyMODINIT_FUNC PyInit_lazydev(void)
{
    PyObject *m = PyModule_Create(&lazydev_module);
    if (m == NULL)
        return NULL;
    ErrorObject = PyErr_NewException("lazydev.error", NULL, NULL);
    if (ErrorObject == NULL)
        return NULL;
    Py_INCREF(ErrorObject);
    if (PyModule_AddObject(m, "error", ErrorObject) < 0)
        return NULL;
    return m;
}
