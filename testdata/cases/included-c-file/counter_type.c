/* counter_type.c -- #included by input.c (one translation unit, as some projects build their
 * extension: a single .c file that includes the others). Not compiled on its own. */

typedef struct {
    PyObject_HEAD
    long n;
} CounterObject;

static PyObject *
Counter_incr(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->n++;
    return PyLong_FromLong(self->n);
}

static PyTypeObject CounterType;

static PyObject *
Counter_fresh(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    /* A new counter of the base type, whatever the type of self. */
    return PyObject_CallNoArgs((PyObject *)&CounterType);
}

static PyMethodDef Counter_methods[] = {
    {"incr", (PyCFunction)Counter_incr, METH_NOARGS, "Add one, return the count."},
    {"fresh", (PyCFunction)Counter_fresh, METH_NOARGS, "A new Counter."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "onetu.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A counter.",
    .tp_methods = Counter_methods,
    .tp_new = PyType_GenericNew,
};
