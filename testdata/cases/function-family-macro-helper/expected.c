/* Points in the plane, with one reader function per coordinate written by a macro. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    double x;
    double y;
} PointObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Point_Type; /* was: static PyTypeObject Point_Type */
} points_state;

static inline points_state *
get_points_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (points_state *)state;
}

static int
points_traverse(PyObject *module, visitproc visit, void *arg)
{
    points_state *st = get_points_state(module);
    Py_VISIT(st->Point_Type);
    return 0;
}

static int
points_clear(PyObject *module)
{
    points_state *st = get_points_state(module);
    Py_CLEAR(st->Point_Type);
    return 0;
}

static void
points_free(void *module)
{
    (void)points_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
points_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                   int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

#define Point_Check(st, o) PyObject_TypeCheck((o), st->Point_Type)

/* read_x(), read_y(): the coordinate of a Point, or -1 with TypeError for anything else */
#define COORD_READER(FIELD)                                     \
    static int                                                  \
    read_##FIELD(points_state *st, PyObject *o, double *out)    \
    {                                                           \
        if (!Point_Check(st, o)) {                              \
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
    points_state *st = get_points_state(module);
    PyObject *a, *b;
    double ax, ay, bx, by;

    if (!PyArg_ParseTuple(args, "OO:distance", &a, &b))
        return NULL;
    if (read_x(st, a, &ax) < 0 || read_y(st, a, &ay) < 0)
        return NULL;
    if (read_x(st, b, &bx) < 0 || read_y(st, b, &by) < 0)
        return NULL;
    return PyFloat_FromDouble(hypot(ax - bx, ay - by));
}

static PyObject *
points_xs(PyObject *module, PyObject *seq)
{
    points_state *st = get_points_state(module);
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

        if (read_x(st, PySequence_Fast_GET_ITEM(fast, i), &x) < 0)
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
        points_state *st = get_points_state(module);            \
        PyObject *it, *item;                                    \
        double best = -HUGE_VAL, v;                             \
                                                                \
        it = PyObject_GetIter(seq);                             \
        if (it == NULL)                                         \
            return NULL;                                        \
        while ((item = PyIter_Next(it)) != NULL) {              \
            int r = read_##FIELD(st, item, &v);                 \
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Point_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Point_slots[] = {
    {Py_tp_repr, (void *)Point_repr},
    {Py_tp_doc, (void *)"Point(x=0, y=0)"},
    {Py_tp_traverse, (void *)Point_traverse},
    {Py_tp_new, (void *)Point_new},
    {0, NULL},
};

static PyType_Spec Point_spec = {
    .name = "points.Point",
    .basicsize = sizeof(PointObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Point_slots,
};

static int points_exec(PyObject *m);

static PyModuleDef_Slot points_slots[] = {
    {Py_mod_exec, (void *)points_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pointsmodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "points",
    .m_doc = "Points in the plane.",
    .m_size = sizeof(points_state),
    .m_methods = points_methods,
    .m_slots = points_slots,
    .m_traverse = points_traverse,
    .m_clear = points_clear,
    .m_free = points_free,
};

static int
points_exec(PyObject *m)
{
    points_state *st = get_points_state(m);

    if (points_create_type(m, &Point_spec, NULL, &st->Point_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Point_Type);
    if (PyModule_AddObject(m, "Point", (PyObject *)st->Point_Type) < 0) {
        Py_DECREF(st->Point_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_points(void)
{
    return PyModuleDef_Init(&pointsmodule);
}
