#include "tally.h"
#include "tallies_state.h"

static PyObject *
tally_incr(TallyObject *self, PyObject *unused)
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef tally_methods[] = {
    {"incr", (PyCFunction)tally_incr, METH_NOARGS, "add one and return the count"},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
tally_type_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot tally_type_slots[] = {
    {Py_tp_traverse, (void *)tally_type_traverse},
    {Py_tp_methods, (void *)tally_methods},
    {0, NULL},
};

PyType_Spec tally_type_spec = {
    .name = "tallies.Tally",
    .basicsize = sizeof(TallyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = tally_type_slots,
};

static PyObject *
tally_create(tallies_state *st, long start)
{
    TallyObject *t = PyObject_GC_New(TallyObject, st->tally_type);
    if (t == NULL)
        return NULL;
    t->count = start;
    PyObject_GC_Track((PyObject *)t);
    return (PyObject *)t;
}
