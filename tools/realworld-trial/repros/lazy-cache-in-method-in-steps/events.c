/*
 * events: an Emitter calls the on_data() method its subclasses define; the method's name is
 * cached in a function-level static of the method (one lazy cache in a method of a static type).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long last_seq;
} EmitterObject;

static PyObject *EventError;

static PyObject *
call_handler(EmitterObject *self, PyObject *name, PyObject *arg)
{
    PyObject *res;

    if (arg == NULL)
        res = PyObject_CallMethodObjArgs((PyObject *)self, name, NULL);
    else
        res = PyObject_CallMethodObjArgs((PyObject *)self, name, arg, NULL);
    if (res == NULL)
        return NULL;
    if (res == Py_False) {
        Py_DECREF(res);
        PyErr_Format(EventError, "handler %S refused the event", name);
        return NULL;
    }
    return res;
}


static PyObject *
emit_data(EmitterObject *self, PyObject *arg)
{
    static PyObject *name = NULL;

    if (name == NULL) {
        name = PyUnicode_InternFromString("on_data");
        if (name == NULL)
            return NULL;
    }
    return call_handler(self, name, arg);
}

static PyObject *
emitter_last_seq(EmitterObject *self, void *closure)
{
    return PyLong_FromLong(self->last_seq);
}

static PyMethodDef emitter_methods[] = {
    {"data", (PyCFunction)emit_data, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef emitter_getset[] = {
    {"last_seq", (getter)emitter_last_seq, NULL, NULL, NULL},
    {NULL}
};

static PyTypeObject EmitterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "events.Emitter",
    .tp_basicsize = sizeof(EmitterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_methods = emitter_methods,
    .tp_getset = emitter_getset,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef eventsmodule = {
    PyModuleDef_HEAD_INIT,
    "events",
    NULL,
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_events(void)
{
    PyObject *m;

    if (PyType_Ready(&EmitterType) < 0)
        return NULL;
    m = PyModule_Create(&eventsmodule);
    if (m == NULL)
        return NULL;
    EventError = PyErr_NewException("events.EventError", NULL, NULL);
    if (EventError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(EventError);
    if (PyModule_AddObject(m, "EventError", EventError) < 0) {
        Py_DECREF(EventError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&EmitterType);
    if (PyModule_AddObject(m, "Emitter", (PyObject *)&EmitterType) < 0) {
        Py_DECREF(&EmitterType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
