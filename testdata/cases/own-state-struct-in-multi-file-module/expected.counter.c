/* The Counter type: counts up to a limit, then raises tally.Overflow. */
#include "tally.h"
#include "tally_state.h"

typedef struct {
    PyObject_HEAD
    long value;
    long limit;
} CounterObject;

static int
counter_init(CounterObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"limit", NULL};
    self->limit = 10;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|l:Counter", kwlist, &self->limit))
        return -1;
    self->value = 0;
    return 0;
}

static PyObject *
counter_bump(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    if (self->value >= self->limit) {
        struct module_state *st = tally_get_state_of_type(Py_TYPE(self));
        PyErr_Format(st->TallyOverflow, "counter reached its limit %ld", self->limit);
        return NULL;
    }
    return PyLong_FromLong(++self->value);
}

static PyMethodDef counter_methods[] = {
    {"bump", (PyCFunction)counter_bump, METH_NOARGS, "Count one more."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Counter_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Counter_slots[] = {
    {Py_tp_doc, (void *)"Counter(limit=10)"},
    {Py_tp_traverse, (void *)Counter_traverse},
    {Py_tp_methods, (void *)counter_methods},
    {Py_tp_init, (void *)counter_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

PyType_Spec Counter_spec = {
    .name = "tally.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Counter_slots,
};
