/* shapes.Square(side) */
#include "shapes.h"
#include "pyext_isolate_compat.h"

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

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
Square_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Square_slots[] = {
    {Py_tp_doc, (void *)"A square with sides of the given length."},
    {Py_tp_traverse, (void *)Square_traverse},
    {Py_tp_methods, (void *)square_methods},
    {Py_tp_init, (void *)square_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

PyType_Spec Square_spec = {
    .name = "shapes.Square",
    .basicsize = sizeof(SquareObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Square_slots,
};
