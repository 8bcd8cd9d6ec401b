/* shapes.Square(side) */
#include "shapes.h"

typedef struct {
    PyObject_HEAD
    double side;
} SquareObject;

static int
square_init(SquareObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"side", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "d:Square", kwlist, &self->side))
        return -1;
    return 0;
}

static PyObject *
square_area(SquareObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyFloat_FromDouble(self->side * self->side);
}

static PyMethodDef square_methods[] = {
    {"area", (PyCFunction)square_area, METH_NOARGS, "The area of the square."},
    {NULL, NULL, 0, NULL}
};

PyTypeObject SquareType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shapes.Square",
    .tp_basicsize = sizeof(SquareObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A square with sides of the given length.",
    .tp_methods = square_methods,
    .tp_init = (initproc)square_init,
    .tp_new = PyType_GenericNew,
};
