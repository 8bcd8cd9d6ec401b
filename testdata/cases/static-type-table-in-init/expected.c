/* A function-level static table of the module's types in the init function itself, ended by NULL:
 * the loop checks each name, readies the type and adds it under its short name (cffi's shape). The
 * types become heap types created first in exec, and the table a local array filled from the state. */
#include <Python.h>
#include <string.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    double x, y;
} PointObject;

typedef struct {
    PyObject_HEAD
    double radius;
} CircleObject;

static PyObject *
Point_norm1(PointObject *self, PyObject *unused)
{
    return PyFloat_FromDouble((self->x < 0 ? -self->x : self->x) + (self->y < 0 ? -self->y : self->y));
}

static PyMethodDef Point_methods[] = {
    {"norm1", (PyCFunction)Point_norm1, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Point_Type;  /* was: static PyTypeObject Point_Type */
    PyTypeObject *Circle_Type; /* was: static PyTypeObject Circle_Type */
} shapes_state;

static inline shapes_state *
get_shapes_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (shapes_state *)state;
}

static int
shapes_traverse(PyObject *module, visitproc visit, void *arg)
{
    shapes_state *st = get_shapes_state(module);
    Py_VISIT(st->Point_Type);
    Py_VISIT(st->Circle_Type);
    return 0;
}

static int
shapes_clear(PyObject *module)
{
    shapes_state *st = get_shapes_state(module);
    Py_CLEAR(st->Point_Type);
    Py_CLEAR(st->Circle_Type);
    return 0;
}

static void
shapes_free(void *module)
{
    (void)shapes_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
shapes_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type, int disallow_new)
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
            PyErr_NoMemory(); /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
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

/* Heap types are GC types: instances keep their type alive, the collector must see it (pyext-isolate). */
static int
Point_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Point_slots[] = {
    {Py_tp_traverse, (void *)Point_traverse},
    {Py_tp_methods, (void *)Point_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Point_spec = {
    .name = "shapes.Point",
    .basicsize = sizeof(PointObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Point_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it (pyext-isolate). */
static int
Circle_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Circle_slots[] = {
    {Py_tp_doc, (void *)"A circle."},
    {Py_tp_traverse, (void *)Circle_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Circle_spec = {
    .name = "shapes.Circle",
    .basicsize = sizeof(CircleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Circle_slots,
};

static PyObject *
make_point(PyObject *module, PyObject *args)
{
    shapes_state *st = get_shapes_state(module);
    double x, y;
    PointObject *p;

    if (!PyArg_ParseTuple(args, "dd", &x, &y))
        return NULL;
    p = PyObject_GC_New(PointObject, st->Point_Type);
    if (p == NULL)
        return NULL;
    p->x = x;
    p->y = y;
    PyObject_GC_Track((PyObject *)p);
    return (PyObject *)p;
}

static PyMethodDef shapes_methods[] = {
    {"make_point", make_point, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int shapes_exec(PyObject *m);

static PyModuleDef_Slot shapes_slots[] = {
    {Py_mod_exec, (void *)shapes_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef shapes_module = {
    PyModuleDef_HEAD_INIT,
    "shapes",
    NULL,
    sizeof(shapes_state),
    shapes_methods,
    shapes_slots, shapes_traverse, shapes_clear, shapes_free
};

static int
shapes_exec(PyObject *m)
{
    shapes_state *st = get_shapes_state(m);
    int i;
    PyTypeObject *all_types[3];

    if (shapes_create_type(m, &Point_spec, NULL, &st->Point_Type, 0) < 0)
        return -1;
    if (shapes_create_type(m, &Circle_spec, NULL, &st->Circle_Type, 0) < 0)
        return -1;
    all_types[0] = st->Point_Type;
    all_types[1] = st->Circle_Type;
    all_types[2] = NULL;
    /* ready every type and add it to the module */
    for (i = 0; all_types[i] != NULL; i++) {
        PyTypeObject *tp = all_types[i];
        PyObject *tpo = (PyObject *)tp;
        if (strncmp(tp->tp_name, "shapes.", 7) != 0) {
            PyErr_Format(PyExc_ImportError,
                         "'%s' is an ill-formed type name", tp->tp_name);
            return -1;
        }
        if (PyType_Ready(tp) < 0)
            return -1;
        Py_INCREF(tpo);
        if (PyModule_AddObject(m, tp->tp_name + 7, tpo) < 0) {
            Py_DECREF(tpo);
            return -1;
        }
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_shapes(void)
{
    return PyModuleDef_Init(&shapes_module);
}
