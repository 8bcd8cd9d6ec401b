/*
 * npstyle.Accumulator: a running compensated sum.
 *
 *     acc = Accumulator()
 *     acc.add(1.5); acc.extend(array('d', ...))
 *     acc.value, acc.count
 */
#include "npstyle_common.h"
#include "structmember.h"
#include "loops.h"
#include "npstyle_state.h"

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    double sum;
    double compensation;
    Py_ssize_t count;
} PyNpsAccumulatorObject;

/* The state of `self`, a PyNpsAccumulatorObject of this module's types or of a subclass: kept in
 * the object once looked up. */
static inline npstyle_state *
npstyle_get_state_of_PyNpsAccumulatorObject(PyNpsAccumulatorObject *self)
{
    if (self->module_state == NULL) {
        self->module_state = npstyle_get_state_by_type(Py_TYPE(self));
    }
    return (npstyle_state *)self->module_state;
}

static PyObject *
accumulator_new(PyTypeObject *subtype, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"start", NULL};
    double start = 0.0;
    PyNpsAccumulatorObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|d:Accumulator", kwlist, &start)) {
        return NULL;
    }
    self = (PyNpsAccumulatorObject *)subtype->tp_alloc(subtype, 0);
    if (self == NULL) {
        return NULL;
    }
    self->sum = start;
    return (PyObject *)self;
}

static PyObject *
accumulator_add(PyNpsAccumulatorObject *self, PyObject *value)
{
    double x = PyFloat_AsDouble(value);

    if (x == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    self->sum = nps_kahan_add(self->sum, x, &self->compensation);
    self->count++;
    Py_RETURN_NONE;
}

/*
 * Fallback for objects without a usable buffer: math.fsum over the iterable.
 */
static int
accumulator_extend_iterable(PyNpsAccumulatorObject *self, PyObject *iterable)
{
    npstyle_state *st = npstyle_get_state_of_PyNpsAccumulatorObject(self);
    PyObject *list, *res;
    double x;

    if (st == NULL) {
        return -1;
    }
    if (st->math_fsum == NULL) {
        PyObject *math = PyImport_ImportModule("math");
        if (math == NULL) {
            return -1;
        }
        st->math_fsum = PyObject_GetAttrString(math, "fsum");
        Py_DECREF(math);
        if (st->math_fsum == NULL) {
            return -1;
        }
    }
    list = PySequence_List(iterable);
    if (list == NULL) {
        return -1;
    }
    res = PyObject_CallOneArg(st->math_fsum, list);
    if (res == NULL) {
        Py_DECREF(list);
        return -1;
    }
    x = PyFloat_AsDouble(res);
    Py_DECREF(res);
    self->sum = nps_kahan_add(self->sum, x, &self->compensation);
    self->count += PyList_GET_SIZE(list);
    Py_DECREF(list);
    return 0;
}

static PyObject *
accumulator_extend(PyNpsAccumulatorObject *self, PyObject *obj)
{
    Py_buffer view;
    double part;

    if (!PyObject_CheckBuffer(obj)) {
        if (accumulator_extend_iterable(self, obj) < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    if (PyObject_GetBuffer(obj, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
        return NULL;
    }
    if (view.format == NULL || view.format[1] != '\0'
            || strchr("ildf", view.format[0]) == NULL) {
        PyErr_Format(PyExc_TypeError, "unsupported buffer format '%s'",
                     view.format ? view.format : "B");
        PyBuffer_Release(&view);
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    switch (view.format[0]) {
        case 'i': nps_int_sum(view.buf, view.len / view.itemsize, &part); break;
        case 'l': nps_long_sum(view.buf, view.len / view.itemsize, &part); break;
        case 'f': nps_float_sum(view.buf, view.len / view.itemsize, &part); break;
        default:  nps_double_sum(view.buf, view.len / view.itemsize, &part); break;
    }
    Py_END_ALLOW_THREADS
    self->sum = nps_kahan_add(self->sum, part, &self->compensation);
    self->count += view.len / view.itemsize;
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

static PyObject *
accumulator_reset(PyNpsAccumulatorObject *self, PyObject *NPS_UNUSED(args))
{
    self->sum = self->compensation = 0.0;
    self->count = 0;
    Py_RETURN_NONE;
}

static PyObject *
accumulator_value_get(PyNpsAccumulatorObject *self, void *NPS_UNUSED(closure))
{
    return PyFloat_FromDouble(self->sum);
}

static PyObject *
accumulator_repr(PyNpsAccumulatorObject *self)
{
    PyObject *v = PyFloat_FromDouble(self->sum), *r;
    if (v == NULL) {
        return NULL;
    }
    r = PyUnicode_FromFormat("Accumulator(value=%R, count=%zd)", v, self->count);
    Py_DECREF(v);
    return r;
}

static PyMethodDef accumulator_methods[] = {
    {"add", (PyCFunction)accumulator_add, METH_O, "add(x): add one number"},
    {"extend", (PyCFunction)accumulator_extend, METH_O,
        "extend(obj): add every item of a buffer (i, l, f, d) or iterable"},
    {"reset", (PyCFunction)accumulator_reset, METH_NOARGS, "reset to zero"},
    {NULL, NULL, 0, NULL}           /* sentinel */
};

static PyGetSetDef accumulator_getsets[] = {
    {"value", (getter)accumulator_value_get, NULL, "current sum", NULL},
    {NULL, NULL, NULL, NULL, NULL}  /* sentinel */
};

static PyMemberDef accumulator_members[] = {
    {"count", T_PYSSIZET, offsetof(PyNpsAccumulatorObject, count), READONLY,
        "number of values added"},
    {NULL, 0, 0, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
PyNpsAccumulator_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot PyNpsAccumulator_slots[] = {
    {Py_tp_repr, (void *)accumulator_repr},
    {Py_tp_doc, (void *)"Accumulator(start=0.0)\n\nRunning compensated sum."},
    {Py_tp_traverse, (void *)PyNpsAccumulator_traverse},
    {Py_tp_methods, (void *)accumulator_methods},
    {Py_tp_members, (void *)accumulator_members},
    {Py_tp_getset, (void *)accumulator_getsets},
    {Py_tp_new, (void *)accumulator_new},
    {0, NULL},
};

PyType_Spec PyNpsAccumulator_spec = {
    .name = "npstyle.Accumulator",
    .basicsize = sizeof(PyNpsAccumulatorObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = PyNpsAccumulator_slots,
};
