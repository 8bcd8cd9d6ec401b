/* A subtype that sets no dealloc of its own (its base is filled in at init), as squares under
 * rectangles or nodes under a base node: as a static type it inherits the base's dealloc. Its
 * heap type names that dealloc in its slots: without one it would get subtype_dealloc, a longer
 * path than the original's, and the binary operator's test of its operands by dealloc would not
 * know its objects. */
#include <Python.h>
#include <structmember.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    double x, y;
} PointObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Point_Type;  /* was: static PyTypeObject Point_Type */
    PyTypeObject *Vector_Type; /* was: static PyTypeObject Vector_Type */
    PyTypeObject *Tagged_Type; /* was: static PyTypeObject Tagged_Type */
} points_state;

static struct PyModuleDef points_module;

static inline points_state *
get_points_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (points_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline points_state *
points_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &points_module);
    return module == NULL ? NULL : get_points_state(module);
}

/* For binary number slots: the state of whichever operand is of this module's types (either may
 * be; a static type such as int never is, so it is not searched). */
static inline points_state *
points_get_state_by_types(PyTypeObject *left, PyTypeObject *right)
{
    PyObject *module = NULL;
    if (PyType_HasFeature(left, Py_TPFLAGS_HEAPTYPE)) {
        module = PyType_GetModuleByDef(left, &points_module);
        if (module == NULL)
            PyErr_Clear();
    }
    if (module == NULL) {
        module = PyType_GetModuleByDef(right, &points_module);
        if (module == NULL)
            return NULL;
    }
    return get_points_state(module);
}

static int
points_traverse(PyObject *module, visitproc visit, void *arg)
{
    points_state *st = get_points_state(module);
    Py_VISIT(st->Point_Type);
    Py_VISIT(st->Vector_Type);
    Py_VISIT(st->Tagged_Type);
    return 0;
}

static int
points_clear(PyObject *module)
{
    points_state *st = get_points_state(module);
    Py_CLEAR(st->Point_Type);
    Py_CLEAR(st->Vector_Type);
    Py_CLEAR(st->Tagged_Type);
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

/* Only Point_Type and its subtypes have point_dealloc: an exact instance is
 * told without the module state, which a subtype's instance needs. */
#define Point_Check(st, op) \
    (Py_TYPE(op)->tp_dealloc == (destructor)point_dealloc \
     || PyObject_TypeCheck(op, st->Point_Type))

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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

/* The sum of two points is a point, of two vectors a vector. */
static PyObject *
point_add(PyObject *a, PyObject *b)
{
    points_state *st = points_get_state_by_types(Py_TYPE(a), Py_TYPE(b));
    PointObject *p = (PointObject *)a, *q = (PointObject *)b;
    PyTypeObject *type;

    if (st == NULL)
        return NULL;
    if (!Point_Check(st, a) || !Point_Check(st, b))
        Py_RETURN_NOTIMPLEMENTED;
    type = Py_TYPE(a) == st->Vector_Type && Py_TYPE(b) == st->Vector_Type ? st->Vector_Type : st->Point_Type;
    return point_make(type, p->x + q->x, p->y + q->y);
}

static PyMemberDef point_members[] = {
    {"x", T_DOUBLE, offsetof(PointObject, x), READONLY, NULL},
    {"y", T_DOUBLE, offsetof(PointObject, y), READONLY, NULL},
    {NULL}
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
    {Py_tp_dealloc, (void *)point_dealloc},
    {Py_nb_add, (void *)point_add},
    {Py_tp_doc, (void *)"Point(x, y)"},
    {Py_tp_traverse, (void *)Point_traverse},
    {Py_tp_members, (void *)point_members},
    {Py_tp_new, (void *)point_new},
    {0, NULL},
};

static PyType_Spec Point_spec = {
    .name = "points.Point",
    .basicsize = sizeof(PointObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Point_slots,
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

static PyType_Slot Vector_slots[] = {
    {Py_tp_dealloc, (void *)point_dealloc},
    {Py_tp_repr, (void *)vector_repr},
    {Py_tp_doc, (void *)"Vector(x, y): a point that prints as a vector"},
    {Py_tp_traverse, (void *)Point_traverse},
    {0, NULL},
};

static PyType_Spec Vector_spec = {
    .name = "points.Vector",
    .basicsize = sizeof(PointObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Vector_slots,
};

/* A point with a __dict__ of its own, which the base's dealloc does not know: its heap type keeps
 * subtype_dealloc, which clears the dict before it calls the base's dealloc. */
typedef struct {
    PointObject point;
    PyObject *dict;
} TaggedObject;

static PyMemberDef Tagged_members[] = {
    {"__dictoffset__", T_PYSSIZET, offsetof(TaggedObject, dict), READONLY, NULL},
    {NULL},
};

static PyType_Slot Tagged_slots[] = {
    {Py_tp_doc, (void *)"Tagged(x, y): a point that takes attributes"},
    {Py_tp_traverse, (void *)Point_traverse},
    {Py_tp_members, (void *)Tagged_members},
    {0, NULL},
};

static PyType_Spec Tagged_spec = {
    .name = "points.Tagged",
    .basicsize = sizeof(TaggedObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tagged_slots,
};

static int points_exec(PyObject *m);

static PyModuleDef_Slot points_slots[] = {
    {Py_mod_exec, (void *)points_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef points_module = {
    PyModuleDef_HEAD_INIT, "points", NULL, sizeof(points_state), NULL,
    points_slots,
    points_traverse,
    points_clear,
    points_free,
};

static int
points_exec(PyObject *m)
{
    points_state *st = get_points_state(m);

    if (points_create_type(m, &Point_spec, NULL, &st->Point_Type, 0) < 0)
        return -1;
    if (points_create_type(m, &Vector_spec, st->Point_Type, &st->Vector_Type, 0) < 0)
        return -1;
    if (points_create_type(m, &Tagged_spec, st->Point_Type, &st->Tagged_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Point_Type);
    if (PyModule_AddObject(m, "Point", (PyObject *)st->Point_Type) < 0) {
        Py_DECREF(st->Point_Type);
        return -1;
    }
    Py_INCREF(st->Vector_Type);
    if (PyModule_AddObject(m, "Vector", (PyObject *)st->Vector_Type) < 0) {
        Py_DECREF(st->Vector_Type);
        return -1;
    }
    Py_INCREF(st->Tagged_Type);
    if (PyModule_AddObject(m, "Tagged", (PyObject *)st->Tagged_Type) < 0) {
        Py_DECREF(st->Tagged_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_points(void)
{
    return PyModuleDef_Init(&points_module);
}
