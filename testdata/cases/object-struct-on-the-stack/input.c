/* A spec type's object struct also used as a plain C struct on the stack: the one-shot module
 * function fills one of its own and hands its address to the helper the type's method uses. */
#include <Python.h>

static PyObject *AccError;

typedef struct {
    PyObject_HEAD
    long total;
    long limit;
} AccObject;

/* Adds `x`; raises the module's exception past the limit. */
static int
acc_add(AccObject *self, PyObject *x)
{
    long v = PyLong_AsLong(x);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (self->total + v > self->limit) {
        PyErr_Format(AccError, "over the limit %ld", self->limit);
        return -1;
    }
    self->total += v;
    return 0;
}

static PyObject *
Acc_add(AccObject *self, PyObject *x)
{
    if (acc_add(self, x) < 0)
        return NULL;
    return PyLong_FromLong(self->total);
}

static int
Acc_init(AccObject *self, PyObject *args, PyObject *kwds)
{
    self->total = 0;
    if (!PyArg_ParseTuple(args, "l", &self->limit))
        return -1;
    return 0;
}

static PyMethodDef Acc_methods[] = {
    {"add", (PyCFunction)Acc_add, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Acc_slots[] = {
    {Py_tp_init, Acc_init},
    {Py_tp_methods, Acc_methods},
    {0, NULL}
};

static PyType_Spec Acc_spec = {
    "accum.Acc", sizeof(AccObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, Acc_slots
};

/* sum_to(items, limit): one pass with an accumulator of its own, no object made. */
static PyObject *
sum_to(PyObject *module, PyObject *args)
{
    PyObject *items, *it, *x;
    AccObject acc = {0};
    if (!PyArg_ParseTuple(args, "Ol", &items, &acc.limit))
        return NULL;
    it = PyObject_GetIter(items);
    if (it == NULL)
        return NULL;
    while ((x = PyIter_Next(it)) != NULL) {
        int r = acc_add(&acc, x);
        Py_DECREF(x);
        if (r < 0) {
            Py_DECREF(it);
            return NULL;
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(acc.total);
}

static PyMethodDef accum_methods[] = {
    {"sum_to", sum_to, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef accummodule = {
    PyModuleDef_HEAD_INIT, "accum", NULL, -1, accum_methods
};

PyMODINIT_FUNC
PyInit_accum(void)
{
    PyObject *m = PyModule_Create(&accummodule);
    PyObject *type;
    if (m == NULL)
        return NULL;
    AccError = PyErr_NewException("accum.AccError", NULL, NULL);
    if (AccError == NULL || PyModule_AddObject(m, "AccError", AccError) < 0) {
        Py_XDECREF(AccError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(AccError);
    type = PyType_FromSpec(&Acc_spec);
    if (type == NULL) {
        /* 3.12 and 3.13 can fail to copy the name without setting MemoryError */
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddObject(m, "Acc", type) < 0) {
        Py_DECREF(type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
