/*
 * fmtlib: an Encoder type whose defaults come from the module's own
 * namespace, looked up through PyState_FindModule by a helper that the
 * type's __init__ calls (the porting style of the PEP 3121 days).
 */
#include <Python.h>

static struct PyModuleDef fmtlib_module;

static PyObject *default_handlers = NULL;   /* the module's "handlers" dict */

static int
load_default_handlers(void)
{
    PyObject *mod, *dict;

    if (default_handlers)
        return 0;
    mod = PyState_FindModule(&fmtlib_module);
    if (!mod)
        return -1;
    dict = PyModule_GetDict(mod);
    default_handlers = PyDict_GetItemString(dict, "handlers");
    if (!default_handlers) {
        PyErr_SetString(PyExc_RuntimeError, "fmtlib.handlers is missing");
        return -1;
    }
    Py_INCREF(default_handlers);
    return 0;
}

typedef struct {
    PyObject_HEAD
    PyObject *handlers;
} EncoderObject;

static int
Encoder_init(EncoderObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *handlers = NULL;
    static char *kwlist[] = {"handlers", NULL};

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O", kwlist, &handlers))
        return -1;
    if (handlers == NULL) {
        if (load_default_handlers() < 0)
            return -1;
        handlers = default_handlers;
    }
    Py_INCREF(handlers);
    Py_XSETREF(self->handlers, handlers);
    return 0;
}

static void
Encoder_dealloc(EncoderObject *self)
{
    Py_XDECREF(self->handlers);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Encoder_encode(EncoderObject *self, PyObject *value)
{
    PyObject *handler = PyDict_GetItem(self->handlers, (PyObject *)Py_TYPE(value));

    if (handler == NULL)
        return PyObject_Str(value);
    return PyObject_CallOneArg(handler, value);
}

static PyMethodDef Encoder_methods[] = {
    {"encode", (PyCFunction)Encoder_encode, METH_O, "encode(value) -> str"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject EncoderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "fmtlib.Encoder",
    .tp_basicsize = sizeof(EncoderObject),
    .tp_dealloc = (destructor)Encoder_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Encoder_methods,
    .tp_init = (initproc)Encoder_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef fmtlib_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "fmtlib",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit_fmtlib(void)
{
    PyObject *module, *handlers;

    if (PyType_Ready(&EncoderType) < 0)
        return NULL;
    module = PyModule_Create(&fmtlib_module);
    if (module == NULL)
        return NULL;
    handlers = PyDict_New();
    if (handlers == NULL || PyModule_AddObject(module, "handlers", handlers) < 0) {
        Py_XDECREF(handlers);
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(&EncoderType);
    if (PyModule_AddObject(module, "Encoder", (PyObject *)&EncoderType) < 0) {
        Py_DECREF(&EncoderType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
