/* shapes.Circle(r) */
#include "shapes.h"

typedef struct {
    PyObject_HEAD
    double r;
} CircleObject;

static int
circle_init(CircleObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"r", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "d:Circle", kwlist, &self->r))
        return -1;
    return 0;
}

static PyObject *
circle_area(CircleObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyFloat_FromDouble(3.141592653589793 * self->r * self->r);
}

static PyMethodDef circle_methods[] = {
    {"area", (PyCFunction)circle_area, METH_NOARGS, "The area of the circle."},
    {NULL, NULL, 0, NULL}
};

PyTypeObject CircleType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shapes.Circle",
    .tp_basicsize = sizeof(CircleObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A circle of radius r.",
    .tp_methods = circle_methods,
    .tp_init = (initproc)circle_init,
    .tp_new = PyType_GenericNew,
};
