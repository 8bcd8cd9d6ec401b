/* A spec type's object struct also used as a plain C struct on the stack: the one-shot module
 * function fills one of its own and hands its address to the helper the type's method uses. */
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *AccError; /* was: static PyObject *AccError */
} accum_state;

static struct PyModuleDef accummodule;

static inline accum_state *
get_accum_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (accum_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline accum_state *
accum_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &accummodule);
    return module == NULL ? NULL : get_accum_state(module);
}

static int
accum_traverse(PyObject *module, visitproc visit, void *arg)
{
    accum_state *st = get_accum_state(module);
    Py_VISIT(st->AccError);
    return 0;
}

static int
accum_clear(PyObject *module)
{
    accum_state *st = get_accum_state(module);
    Py_CLEAR(st->AccError);
    return 0;
}

static void
accum_free(void *module)
{
    (void)accum_clear((PyObject *)module);
}

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    long total;
    long limit;
} AccObject;

/* The state of `self`, a AccObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline accum_state *
accum_get_state_of_AccObject(AccObject *self)
{
    if (self->module_state == NULL)
        self->module_state = accum_get_state_by_type(Py_TYPE(self));
    return (accum_state *)self->module_state;
}

/* Adds `x`; raises the module's exception past the limit. */
static int
acc_add(accum_state *st, AccObject *self, PyObject *x)
{
    long v = PyLong_AsLong(x);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (self->total + v > self->limit) {
        PyErr_Format(st->AccError, "over the limit %ld", self->limit);
        return -1;
    }
    self->total += v;
    return 0;
}

static PyObject *
Acc_add(AccObject *self, PyObject *x)
{
    accum_state *st = accum_get_state_of_AccObject(self);
    if (st == NULL)
        return NULL;
    if (acc_add(st, self, x) < 0)
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
    accum_state *st = get_accum_state(module);
    PyObject *items, *it, *x;
    AccObject acc = {0};
    if (!PyArg_ParseTuple(args, "Ol", &items, &acc.limit))
        return NULL;
    it = PyObject_GetIter(items);
    if (it == NULL)
        return NULL;
    while ((x = PyIter_Next(it)) != NULL) {
        int r = acc_add(st, &acc, x);
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

static int accum_exec(PyObject *m);

static PyModuleDef_Slot accum_slots[] = {
    {Py_mod_exec, (void *)accum_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef accummodule = {
    PyModuleDef_HEAD_INIT, "accum", NULL, sizeof(accum_state), accum_methods,
    accum_slots,
    accum_traverse,
    accum_clear,
    accum_free
};

static int
accum_exec(PyObject *m)
{
    accum_state *st = get_accum_state(m);
    PyObject *type;
    if (m == NULL)
        return -1;
    st->AccError = PyErr_NewException("accum.AccError", NULL, NULL);
    if (st->AccError == NULL || PyModule_AddObject(m, "AccError", st->AccError) < 0) {
        Py_CLEAR(st->AccError);
        return -1;
    }
    Py_INCREF(st->AccError);
    type = PyType_FromModuleAndSpec(m, &Acc_spec, NULL);
    if (type == NULL) {
        /* 3.12 and 3.13 can fail to copy the name without setting MemoryError */
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        return -1;
    }
    if (PyModule_AddObject(m, "Acc", type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_accum(void)
{
    return PyModuleDef_Init(&accummodule);
}
