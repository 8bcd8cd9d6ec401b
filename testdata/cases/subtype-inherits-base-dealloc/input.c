/* A subtype that sets no dealloc of its own (its base is filled in at init), as squares under
 * rectangles or nodes under a base node: as a static type it inherits the base's dealloc. Its
 * heap type names that dealloc in its slots: without one it would get subtype_dealloc, a longer
 * path than the original's, and the binary operator's test of its operands by dealloc would not
 * know its objects. */
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject_HEAD
    double x, y;
} PointObject;

static PyTypeObject Point_Type;
static PyTypeObject Vector_Type;
static PyTypeObject Tagged_Type;

#define Point_Check(op) PyObject_TypeCheck(op, &Point_Type)

static PyObject *
point_make(PyTypeObject *type, double x, double y)
{
    PointObject *p = (PointObject *)type->tp_alloc(type, 0);
    if (p == NULL)
        return NULL;
    p->x = x;
    p->y = y;
    return (PyObject *)p;
}

static PyObject *
point_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    double x, y;
    if (!PyArg_ParseTuple(args, "dd", &x, &y))
        return NULL;
    return point_make(type, x, y);
}

static void
point_dealloc(PointObject *self)
{
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The sum of two points is a point, of two vectors a vector. */
static PyObject *
point_add(PyObject *a, PyObject *b)
{
    PointObject *p = (PointObject *)a, *q = (PointObject *)b;
    PyTypeObject *type;

    if (!Point_Check(a) || !Point_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    type = Py_TYPE(a) == &Vector_Type && Py_TYPE(b) == &Vector_Type ? &Vector_Type : &Point_Type;
    return point_make(type, p->x + q->x, p->y + q->y);
}

static PyNumberMethods point_as_number = {
    .nb_add = point_add,
};

static PyMemberDef point_members[] = {
    {"x", T_DOUBLE, offsetof(PointObject, x), READONLY, NULL},
    {"y", T_DOUBLE, offsetof(PointObject, y), READONLY, NULL},
    {NULL}
};

static PyTypeObject Point_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "points.Point",
    .tp_basicsize = sizeof(PointObject),
    .tp_dealloc = (destructor)point_dealloc,
    .tp_as_number = &point_as_number,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Point(x, y)",
    .tp_members = point_members,
    .tp_new = point_new,
};

static PyObject *
vector_repr(PointObject *self)
{
    PyObject *x = PyFloat_FromDouble(self->x), *y = PyFloat_FromDouble(self->y), *r = NULL;
    if (x != NULL && y != NULL)
        r = PyUnicode_FromFormat("Vector(%R, %R)", x, y);
    Py_XDECREF(x);
    Py_XDECREF(y);
    return r;
}

static PyTypeObject Vector_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "points.Vector",
    .tp_basicsize = sizeof(PointObject),
    .tp_repr = (reprfunc)vector_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Vector(x, y): a point that prints as a vector",
};

/* A point with a __dict__ of its own, which the base's dealloc does not know: its heap type keeps
 * subtype_dealloc, which clears the dict before it calls the base's dealloc. */
typedef struct {
    PointObject point;
    PyObject *dict;
} TaggedObject;

static PyTypeObject Tagged_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "points.Tagged",
    .tp_basicsize = sizeof(TaggedObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Tagged(x, y): a point that takes attributes",
    .tp_dictoffset = offsetof(TaggedObject, dict),
};

static struct PyModuleDef points_module = {
    PyModuleDef_HEAD_INIT, "points", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_points(void)
{
    PyObject *m;

    if (PyType_Ready(&Point_Type) < 0)
        return NULL;
    Vector_Type.tp_base = &Point_Type;
    if (PyType_Ready(&Vector_Type) < 0)
        return NULL;
    Tagged_Type.tp_base = &Point_Type;
    if (PyType_Ready(&Tagged_Type) < 0)
        return NULL;
    m = PyModule_Create(&points_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Point_Type);
    if (PyModule_AddObject(m, "Point", (PyObject *)&Point_Type) < 0) {
        Py_DECREF(&Point_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Vector_Type);
    if (PyModule_AddObject(m, "Vector", (PyObject *)&Vector_Type) < 0) {
        Py_DECREF(&Vector_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Tagged_Type);
    if (PyModule_AddObject(m, "Tagged", (PyObject *)&Tagged_Type) < 0) {
        Py_DECREF(&Tagged_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
