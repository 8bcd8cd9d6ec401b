/* A line tracer: counts the lines executed per code object name. The trace
 * function is registered with the tracer object, which it receives back. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include "tracer.h"

static PyObject *str_co_name = NULL;
static PyObject *str_anonymous = NULL;


static int
tracer_count(Tracer *self, PyObject *name)
{
    PyObject *old;
    PyObject *now;
    long n = 0;

    if (name == NULL) {
        name = str_anonymous;
    }
    old = PyDict_GetItemWithError(self->counts, name);
    if (old == NULL && PyErr_Occurred()) {
        return -1;
    }
    if (old != NULL) {
        n = PyLong_AsLong(old);
    }
    now = PyLong_FromLong(n + 1);
    if (now == NULL) {
        return -1;
    }
    if (PyDict_SetItem(self->counts, name, now) < 0) {
        Py_DECREF(now);
        return -1;
    }
    Py_DECREF(now);
    return 0;
}

static int
tracer_trace(Tracer *self, PyFrameObject *frame, int what, PyObject *arg)
{
    PyObject *code;
    PyObject *name;
    int rc;

    if (what != PyTrace_LINE) {
        return 0;
    }
    code = (PyObject *)PyFrame_GetCode(frame);
    name = PyObject_GetAttr(code, str_co_name);
    Py_DECREF(code);
    if (name == NULL) {
        return -1;
    }
    rc = tracer_count(self, name);
    Py_DECREF(name);
    return rc;
}

/* The profile function: the same object, as the PyObject * it was registered with. */
static int
tracer_profile(PyObject *op, PyFrameObject *frame, int what, PyObject *arg)
{
    Tracer *self = (Tracer *)op;
    PyObject *code;
    PyObject *name;
    int rc;

    if (what != PyTrace_CALL) {
        return 0;
    }
    code = (PyObject *)PyFrame_GetCode(frame);
    name = PyObject_GetAttr(code, str_co_name);
    Py_DECREF(code);
    if (name == NULL) {
        return -1;
    }
    rc = PyList_Append(self->calls, name);
    Py_DECREF(name);
    return rc;
}

static PyObject *
tracer_profile_calls(Tracer *self, PyObject *unused)
{
    PyEval_SetProfile(tracer_profile, (PyObject *)self);
    self->active = 1;
    Py_RETURN_NONE;
}

static PyObject *
tracer_start(Tracer *self, PyObject *unused)
{
    PyEval_SetTrace((Py_tracefunc)tracer_trace, (PyObject *)self);
    self->active = 1;
    Py_RETURN_NONE;
}

static PyObject *
tracer_stop(Tracer *self, PyObject *unused)
{
    if (self->active) {
        PyEval_SetTrace(NULL, NULL);
        PyEval_SetProfile(NULL, NULL);
        self->active = 0;
    }
    Py_RETURN_NONE;
}

static PyObject *
tracer_get_counts(Tracer *self, void *closure)
{
    return PyDict_Copy(self->counts);
}

static PyObject *
tracer_get_calls(Tracer *self, void *closure)
{
    return PyList_GetSlice(self->calls, 0, PY_SSIZE_T_MAX);
}

static int
tracer_init(Tracer *self, PyObject *args, PyObject *kwds)
{
    if (!PyArg_ParseTuple(args, ":Tracer")) {
        return -1;
    }
    Py_XSETREF(self->counts, PyDict_New());
    Py_XSETREF(self->calls, PyList_New(0));
    return self->counts == NULL || self->calls == NULL ? -1 : 0;
}

static void
tracer_dealloc(Tracer *self)
{
    Py_XDECREF(self->counts);
    Py_XDECREF(self->calls);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef tracer_methods[] = {
    {"start", (PyCFunction)tracer_start, METH_NOARGS, "Start tracing this thread."},
    {"profile_calls", (PyCFunction)tracer_profile_calls, METH_NOARGS, "Record the names of the functions called."},
    {"stop", (PyCFunction)tracer_stop, METH_NOARGS, "Stop tracing."},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef tracer_getset[] = {
    {"counts", (getter)tracer_get_counts, NULL, "Lines run per function name.", NULL},
    {"calls", (getter)tracer_get_calls, NULL, "Names of the functions called.", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static PyTypeObject TracerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "linecount.Tracer",
    .tp_basicsize = sizeof(Tracer),
    .tp_dealloc = (destructor)tracer_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Counts executed lines per function.",
    .tp_methods = tracer_methods,
    .tp_getset = tracer_getset,
    .tp_init = (initproc)tracer_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef linecount_module = {
    PyModuleDef_HEAD_INIT,
    "linecount",
    "A line counting tracer.",
    -1,
    NULL
};

PyMODINIT_FUNC
PyInit_linecount(void)
{
    PyObject *m;

    str_co_name = PyUnicode_InternFromString("co_name");
    if (str_co_name == NULL) {
        return NULL;
    }
    str_anonymous = PyUnicode_InternFromString("<anonymous>");
    if (str_anonymous == NULL) {
        return NULL;
    }
    if (PyType_Ready(&TracerType) < 0) {
        return NULL;
    }
    m = PyModule_Create(&linecount_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&TracerType);
    if (PyModule_AddObject(m, "Tracer", (PyObject *)&TracerType) < 0) {
        Py_DECREF(&TracerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
