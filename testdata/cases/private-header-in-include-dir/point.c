#include "include/plane.h"

static PyObject *
Point_norm1(PointObject *self, PyObject *unused)
{
    double n = (self->x < 0 ? -self->x : self->x) + (self->y < 0 ? -self->y : self->y);
    if (n > 1e300) {
        PyErr_SetString(PlaneError, "point too far");
        return NULL;
    }
    return PyFloat_FromDouble(n);
}

static PyMethodDef Point_methods[] = {
    {"norm1", (PyCFunction)Point_norm1, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

PyTypeObject Point_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "plane.Point",
    .tp_basicsize = sizeof(PointObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Point_methods,
};

PyObject *
point_from_xy(double x, double y)
{
    PointObject *p = PyObject_New(PointObject, &Point_Type);
    if (p == NULL)
        return NULL;
    p->x = x;
    p->y = y;
    return (PyObject *)p;
}
