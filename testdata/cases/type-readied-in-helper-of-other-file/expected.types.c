#include "geo.h"
#include <structmember.h>
#include "geo_state.h"

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

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
Point_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Point_slots[] = {
    {Py_tp_repr, (void *)Point_repr},
    {Py_tp_doc, (void *)"A point in the plane."},
    {Py_tp_traverse, (void *)Point_traverse},
    {Py_tp_members, (void *)Point_members},
    {0, NULL},
};

static PyType_Spec Point_spec = {
    .name = "geo.Point",
    .basicsize = sizeof(PointObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Point_slots,
};

PyObject *
point_new(geo_state *st, double x, double y)
{
    PointObject *p = PyObject_GC_New(PointObject, st->Point_Type);

    if (p == NULL)
        return NULL;
    p->x = x;
    p->y = y;
    PyObject_GC_Track((PyObject *)p);
    return (PyObject *)p;
}

int
geo_add_types(PyObject *module)
{
    geo_state *st = get_geo_state(module);

    if (geo_create_type(module, &Point_spec, NULL, &st->Point_Type, 1) < 0) {
        return -1;
    }
    Py_INCREF(st->Point_Type);
    if (PyModule_AddObject(module, "Point", (PyObject *)st->Point_Type) < 0) {
        Py_DECREF(st->Point_Type);
        return -1;
    }
    return 0;
}
