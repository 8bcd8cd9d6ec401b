/* Points in the plane, with one reader function per coordinate written by a macro. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

typedef struct {
    PyObject_HEAD
    double x;
    double y;
} PointObject;

static PyTypeObject Point_Type;

#define Point_Check(o) PyObject_TypeCheck((o), &Point_Type)

/* read_x(), read_y(): the coordinate of a Point, or -1 with TypeError for anything else */
#define COORD_READER(FIELD)                                     \
    static int                                                  \
    read_##FIELD(PyObject *o, double *out)                      \
    {                                                           \
        if (!Point_Check(o)) {                                  \
            PyErr_Format(PyExc_TypeError,                       \
                         "expected a Point, got %.200s",        \
                         Py_TYPE(o)->tp_name);                  \
            return -1;                                          \
        }                                                       \
        *out = ((PointObject *)o)->FIELD;                       \
        return 0;                                               \
    }

COORD_READER(x)
COORD_READER(y)

static PyObject *
Point_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", NULL};
    double x = 0.0, y = 0.0;
    PointObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|dd:Point", kwlist, &x, &y))
        return NULL;
    self = (PointObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->x = x;
    self->y = y;
    return (PyObject *)self;
}

static PyObject *
Point_repr(PointObject *self)
{
    char buf[100];

    PyOS_snprintf(buf, sizeof(buf), "Point(%g, %g)", self->x, self->y);
    return PyUnicode_FromString(buf);
}

static PyObject *
points_distance(PyObject *module, PyObject *args)
{
    PyObject *a, *b;
    double ax, ay, bx, by;

    if (!PyArg_ParseTuple(args, "OO:distance", &a, &b))
        return NULL;
    if (read_x(a, &ax) < 0 || read_y(a, &ay) < 0)
        return NULL;
    if (read_x(b, &bx) < 0 || read_y(b, &by) < 0)
        return NULL;
    return PyFloat_FromDouble(hypot(ax - bx, ay - by));
}

static PyObject *
points_xs(PyObject *module, PyObject *seq)
{
    PyObject *fast, *result;
    Py_ssize_t i, n;

    fast = PySequence_Fast(seq, "xs() needs a sequence of Points");
    if (fast == NULL)
        return NULL;
    n = PySequence_Fast_GET_SIZE(fast);
    result = PyList_New(n);
    if (result == NULL)
        goto error;
    for (i = 0; i < n; i++) {
        double x;
        PyObject *item;

        if (read_x(PySequence_Fast_GET_ITEM(fast, i), &x) < 0)
            goto error;
        item = PyFloat_FromDouble(x);
        if (item == NULL)
            goto error;
        PyList_SET_ITEM(result, i, item);
    }
    Py_DECREF(fast);
    return result;
error:
    Py_XDECREF(result);
    Py_DECREF(fast);
    return NULL;
}

/* points.max_x(seq), points.max_y(seq): the largest coordinate, with its docstring */
#define MAX_COORD(FIELD)                                        \
    static PyObject *                                           \
    points_max_##FIELD(PyObject *module, PyObject *seq)         \
    {                                                           \
        PyObject *it, *item;                                    \
        double best = -HUGE_VAL, v;                             \
                                                                \
        it = PyObject_GetIter(seq);                             \
        if (it == NULL)                                         \
            return NULL;                                        \
        while ((item = PyIter_Next(it)) != NULL) {              \
            int r = read_##FIELD(item, &v);                     \
            Py_DECREF(item);                                    \
            if (r < 0) {                                        \
                Py_DECREF(it);                                  \
                return NULL;                                    \
            }                                                   \
            if (v > best)                                       \
                best = v;                                       \
        }                                                       \
        Py_DECREF(it);                                          \
        if (PyErr_Occurred())                                   \
            return NULL;                                        \
        return PyFloat_FromDouble(best);                        \
    }                                                           \
    PyDoc_STRVAR(points_max_##FIELD##_doc,                      \
    "max_" #FIELD "(points) -> float\n\
\n\
The largest " #FIELD " coordinate of the points (-inf if none).")

MAX_COORD(x);
MAX_COORD(y);

static PyMethodDef points_methods[] = {
    {"distance", points_distance, METH_VARARGS, "distance(a, b) between two Points"},
    {"xs", points_xs, METH_O, "xs(points) -> list of their x coordinates"},
    {"max_x", points_max_x, METH_O, points_max_x_doc},
    {"max_y", points_max_y, METH_O, points_max_y_doc},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Point_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "points.Point",
    .tp_basicsize = sizeof(PointObject),
    .tp_repr = (reprfunc)Point_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Point(x=0, y=0)",
    .tp_new = Point_new,
};

static struct PyModuleDef pointsmodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "points",
    .m_doc = "Points in the plane.",
    .m_size = -1,
    .m_methods = points_methods,
};

PyMODINIT_FUNC
PyInit_points(void)
{
    PyObject *m;

    if (PyType_Ready(&Point_Type) < 0)
        return NULL;
    m = PyModule_Create(&pointsmodule);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Point_Type);
    if (PyModule_AddObject(m, "Point", (PyObject *)&Point_Type) < 0) {
        Py_DECREF(&Point_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
