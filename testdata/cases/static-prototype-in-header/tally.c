#include "tally.h"

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

static PyTypeObject tally_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tallies.Tally",
    .tp_basicsize = sizeof(TallyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = tally_methods,
};

static PyObject *
tally_create(long start)
{
    TallyObject *t = PyObject_New(TallyObject, &tally_type);
    if (t == NULL)
        return NULL;
    t->count = start;
    return (PyObject *)t;
}
