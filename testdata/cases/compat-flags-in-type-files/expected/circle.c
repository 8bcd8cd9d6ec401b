/* shapes.Circle(r) */
#include "shapes.h"
#include "pyext_isolate_compat.h"

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

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
Circle_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Circle_slots[] = {
    {Py_tp_doc, (void *)"A circle of radius r."},
    {Py_tp_traverse, (void *)Circle_traverse},
    {Py_tp_methods, (void *)circle_methods},
    {Py_tp_init, (void *)circle_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

PyType_Spec Circle_spec = {
    .name = "shapes.Circle",
    .basicsize = sizeof(CircleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Circle_slots,
};
