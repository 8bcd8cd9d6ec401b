#include "include/plane.h"
#include "plane_state.h"

static PyObject *
Point_norm1(PointObject *self, PyObject *unused)
{
    double n = (self->x < 0 ? -self->x : self->x) + (self->y < 0 ? -self->y : self->y);
    if (n > 1e300) {
        plane_state *st = plane_get_state_of_type(Py_TYPE(self));
        PyErr_SetString(st->PlaneError, "point too far");
        return NULL;
    }
    return PyFloat_FromDouble(n);
}

static PyMethodDef Point_methods[] = {
    {"norm1", (PyCFunction)Point_norm1, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
Point_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Point_slots[] = {
    {Py_tp_traverse, (void *)Point_traverse},
    {Py_tp_methods, (void *)Point_methods},
    {0, NULL},
};

PyType_Spec Point_spec = {
    .name = "plane.Point",
    .basicsize = sizeof(PointObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Point_slots,
};

PyObject *
point_from_xy(plane_state *st, double x, double y)
{
    PointObject *p = PyObject_GC_New(PointObject, st->Point_Type);
    if (p == NULL)
        return NULL;
    p->x = x;
    p->y = y;
    PyObject_GC_Track((PyObject *)p);
    return (PyObject *)p;
}
