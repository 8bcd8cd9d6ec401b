#include "geo.h"
#include <structmember.h>

typedef struct {
    PyObject_HEAD
    double x;
    double y;
} PointObject;

static PyObject *
Point_repr(PointObject *self)
{
    char buf[64];

    PyOS_snprintf(buf, sizeof(buf), "Point(%g, %g)", self->x, self->y);
    return PyUnicode_FromString(buf);
}

static PyMemberDef Point_members[] = {
    {"x", T_DOUBLE, offsetof(PointObject, x), READONLY, NULL},
    {"y", T_DOUBLE, offsetof(PointObject, y), READONLY, NULL},
    {NULL, 0, 0, 0, NULL}
};

static PyTypeObject Point_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "geo.Point",
    .tp_basicsize = sizeof(PointObject),
    .tp_repr = (reprfunc)Point_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A point in the plane.",
    .tp_members = Point_members,
};

PyObject *
point_new(double x, double y)
{
    PointObject *p = PyObject_New(PointObject, &Point_Type);

    if (p == NULL)
        return NULL;
    p->x = x;
    p->y = y;
    return (PyObject *)p;
}

int
geo_add_types(PyObject *module)
{
    if (PyType_Ready(&Point_Type) < 0) {
        Py_DECREF(module);
        return -1;
    }
    Py_INCREF(&Point_Type);
    if (PyModule_AddObject(module, "Point", (PyObject *)&Point_Type) < 0) {
        Py_DECREF(&Point_Type);
        Py_DECREF(module);
        return -1;
    }
    return 0;
}
