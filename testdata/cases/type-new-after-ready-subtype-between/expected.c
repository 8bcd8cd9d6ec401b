/* shapes: a base type and a subtype readied before the base's tp_new is filled in. The subtype
 * inherits tp_new when it is readied, so here it inherits none: Square cannot be instantiated,
 * while Shape can. Folding the store into Shape's spec would give Square a tp_new as well. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    double size;
} ShapeObject;

static PyObject *
Shape_area(ShapeObject *self, PyObject *unused)
{
    return PyFloat_FromDouble(self->size * self->size);
}

static PyMethodDef Shape_methods[] = {
    {"area", (PyCFunction)Shape_area, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject ShapeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shapes.Shape",
    .tp_basicsize = sizeof(ShapeObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_methods = Shape_methods,
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *SquareType; /* was: static PyTypeObject SquareType */
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
    Py_VISIT(st->SquareType);
    return 0;
}

static int
shapes_clear(PyObject *module)
{
    shapes_state *st = get_shapes_state(module);
    Py_CLEAR(st->SquareType);
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
shapes_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Square_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Square_slots[] = {
    {Py_tp_traverse, (void *)Square_traverse},
    {0, NULL},
};

static PyType_Spec Square_spec = {
    .name = "shapes.Square",
    .basicsize = sizeof(ShapeObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Square_slots,
};

static int shapes_exec(PyObject *m);

static PyModuleDef_Slot shapes_slots[] = {
    {Py_mod_exec, (void *)shapes_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef shapes_module = {PyModuleDef_HEAD_INIT, "shapes", NULL, sizeof(shapes_state), NULL, shapes_slots, shapes_traverse, shapes_clear, shapes_free};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int shapes_loaded_once = 0;

static int
shapes_exec(PyObject *m)
{
    shapes_state *st = get_shapes_state(m);

    if (shapes_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "shapes cannot be loaded more than once per process");
        return -1;
    }
    if (PyType_Ready(&ShapeType) < 0)
        return -1;
    if (shapes_create_type(m, &Square_spec, &ShapeType, &st->SquareType, 0) < 0)
        return -1;
    ShapeType.tp_new = PyType_GenericNew;

    Py_INCREF(&ShapeType);
    if (PyModule_AddObject(m, "Shape", (PyObject *)&ShapeType) < 0) {
        Py_DECREF(&ShapeType);
        return -1;
    }
    Py_INCREF(st->SquareType);
    if (PyModule_AddObject(m, "Square", (PyObject *)st->SquareType) < 0) {
        Py_DECREF(st->SquareType);
        return -1;
    }
    shapes_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_shapes(void)
{
    return PyModuleDef_Init(&shapes_module);
}
