/* Points are made and dropped by the million in tight loops, so freed ones
 * are kept for reuse instead of going back to the allocator. */
#include <Python.h>
#include <structmember.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    double x, y;
} PointObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    int numfree;              /* was: static int numfree */
    PyObject *PointError;     /* was: static PyObject *PointError */
    PyTypeObject *Point_Type; /* was: static PyTypeObject Point_Type */
} pts_state;

static struct PyModuleDef pts_module;

static inline pts_state *
get_pts_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (pts_state *)state;
}

/* In a teardown slot: the state of the module that defined `type` or one of
 * its bases, or NULL once that module is gone (the GC clears a type's module
 * before the objects that die with it). */
static inline pts_state *
pts_get_state_in_teardown(PyTypeObject *type)
{
    PyTypeObject *base;
    for (base = type; base != NULL; base = base->tp_base) {
        PyObject *module = PyType_HasFeature(base, Py_TPFLAGS_HEAPTYPE)
                           ? ((PyHeapTypeObject *)base)->ht_module : NULL;
        if (module != NULL && PyModule_GetDef(module) == &pts_module)
            return get_pts_state(module);
    }
    return NULL;
}

/* The state of the module that made `type`, one of its types that cannot be
 * subclassed. */
static inline pts_state *
pts_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (pts_state *)state;
}

static int
pts_traverse(PyObject *module, visitproc visit, void *arg)
{
    pts_state *st = get_pts_state(module);
    Py_VISIT(st->PointError);
    Py_VISIT(st->Point_Type);
    return 0;
}

static int
pts_clear(PyObject *module)
{
    pts_state *st = get_pts_state(module);
    Py_CLEAR(st->PointError);
    Py_CLEAR(st->Point_Type);
    return 0;
}

static void
pts_free(void *module)
{
    (void)pts_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
pts_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                PyTypeObject **type, int disallow_new)
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
            /* CPython (3.12, 3.13) loses the error when it cannot copy the
             * type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
        (*type)->tp_new = NULL;
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

#define MAXFREE 16
static PointObject *free_points[MAXFREE];

static PyObject *
point_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    pts_state *st = pts_get_state_of_type(type);
    PointObject *self;
    double x, y;

    if (!PyArg_ParseTuple(args, "dd:Point", &x, &y))
        return NULL;
    if (x != x) {
        PyErr_SetString(st->PointError, "nan");
        return NULL;
    }
    if (st->numfree > 0 && type == st->Point_Type) {
        self = free_points[--st->numfree];
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
    PyTypeObject *tp = Py_TYPE(self);
    pts_state *st = pts_get_state_in_teardown(Py_TYPE(self));

    PyObject_GC_UnTrack(self);
    if (st != NULL && st->numfree < MAXFREE && Py_TYPE(self) == Py_TYPE(self))
        free_points[st->numfree++] = self;
    else
        Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyMemberDef point_members[] = {
    {"x", T_DOUBLE, offsetof(PointObject, x), READONLY, NULL},
    {"y", T_DOUBLE, offsetof(PointObject, y), READONLY, NULL},
    {NULL}
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
    {Py_tp_dealloc, (void *)point_dealloc},
    {Py_tp_traverse, (void *)Point_traverse},
    {Py_tp_members, (void *)point_members},
    {Py_tp_new, (void *)point_new},
    {0, NULL},
};

static PyType_Spec Point_spec = {
    .name = "pts.Point",
    .basicsize = sizeof(PointObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Point_slots,
};

static int pts_exec(PyObject *m);

static PyModuleDef_Slot pts_slots[] = {
    {Py_mod_exec, (void *)pts_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pts_module = {PyModuleDef_HEAD_INIT, "pts", NULL, sizeof(pts_state), NULL, pts_slots, pts_traverse, pts_clear, pts_free};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module
 * loads once per process. */
static int pts_loaded_once = 0;

static int
pts_exec(PyObject *m)
{
    pts_state *st = get_pts_state(m);

    if (pts_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "pts cannot be loaded more than once per process");
        return -1;
    }
    if (pts_create_type(m, &Point_spec, NULL, &st->Point_Type, 0) < 0)
        return -1;
    st->PointError = PyErr_NewException("pts.error", NULL, NULL);
    if (st->PointError == NULL)
        return -1;
    Py_INCREF(st->PointError);
    if (PyModule_AddObject(m, "error", st->PointError) < 0) {
        Py_DECREF(st->PointError);
        return -1;
    }
    Py_INCREF(st->Point_Type);
    if (PyModule_AddObject(m, "Point", (PyObject *)st->Point_Type) < 0) {
        Py_DECREF(st->Point_Type);
        return -1;
    }
    pts_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_pts(void)
{
    return PyModuleDef_Init(&pts_module);
}
