/* Points are made and dropped by the million in tight loops, so freed ones
 * are kept for reuse instead of going back to the allocator. */
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject_HEAD
    double x, y;
} PointObject;

static PyTypeObject Point_Type;

#define MAXFREE 16
static PointObject *free_points[MAXFREE];
static int numfree = 0;

static PyObject *PointError;

static PyObject *
point_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PointObject *self;
    double x, y;

    if (!PyArg_ParseTuple(args, "dd:Point", &x, &y))
        return NULL;
    if (x != x) {
        PyErr_SetString(PointError, "nan");
        return NULL;
    }
    if (numfree > 0 && type == &Point_Type) {
        self = free_points[--numfree];
        (void)PyObject_INIT(self, type);
    }
    else {
        self = (PointObject *)type->tp_alloc(type, 0);
        if (self == NULL)
            return NULL;
    }
    self->x = x;
    self->y = y;
    return (PyObject *)self;
}

static void
point_dealloc(PointObject *self)
{
    if (numfree < MAXFREE && Py_TYPE(self) == &Point_Type)
        free_points[numfree++] = self;
    else
        Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMemberDef point_members[] = {
    {"x", T_DOUBLE, offsetof(PointObject, x), READONLY, NULL},
    {"y", T_DOUBLE, offsetof(PointObject, y), READONLY, NULL},
    {NULL}
};

static PyTypeObject Point_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pts.Point",
    .tp_basicsize = sizeof(PointObject),
    .tp_dealloc = (destructor)point_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_members = point_members,
    .tp_new = point_new,
};

static struct PyModuleDef pts_module = {PyModuleDef_HEAD_INIT, "pts", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_pts(void)
{
    PyObject *m;

    if (PyType_Ready(&Point_Type) < 0)
        return NULL;
    m = PyModule_Create(&pts_module);
    if (m == NULL)
        return NULL;
    PointError = PyErr_NewException("pts.error", NULL, NULL);
    if (PointError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(PointError);
    if (PyModule_AddObject(m, "error", PointError) < 0) {
        Py_DECREF(PointError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Point_Type);
    if (PyModule_AddObject(m, "Point", (PyObject *)&Point_Type) < 0) {
        Py_DECREF(&Point_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
