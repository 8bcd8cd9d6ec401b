/* shapes: two small value types, each readied and added by one registering macro. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    double side;
} SquareObject;

typedef struct {
    PyObject_HEAD
    double radius;
} CircleObject;

static int
Square_init(SquareObject *self, PyObject *args, PyObject *kwds)
{
    if (!PyArg_ParseTuple(args, "d", &self->side))
        return -1;
    return 0;
}

static PyObject *
Square_area(SquareObject *self, PyObject *unused)
{
    return PyFloat_FromDouble(self->side * self->side);
}

static PyMethodDef Square_methods[] = {
    {"area", (PyCFunction)Square_area, METH_NOARGS, "The area."},
    {NULL, NULL, 0, NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *SquareType; /* was: static PyTypeObject SquareType */
    PyTypeObject *CircleType; /* was: static PyTypeObject CircleType */
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
    Py_VISIT(st->CircleType);
    return 0;
}

static int
shapes_clear(PyObject *module)
{
    shapes_state *st = get_shapes_state(module);
    Py_CLEAR(st->SquareType);
    Py_CLEAR(st->CircleType);
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
SquareType_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot SquareType_slots[] = {
    {Py_tp_doc, (void *)"A square of a given side."},
    {Py_tp_traverse, (void *)SquareType_traverse},
    {Py_tp_methods, (void *)Square_methods},
    {Py_tp_init, (void *)Square_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec SquareType_spec = {
    .name = "shapes.Square",
    .basicsize = sizeof(SquareObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = SquareType_slots,
};

static int
Circle_init(CircleObject *self, PyObject *args, PyObject *kwds)
{
    if (!PyArg_ParseTuple(args, "d", &self->radius))
        return -1;
    return 0;
}

static PyObject *
Circle_area(CircleObject *self, PyObject *unused)
{
    return PyFloat_FromDouble(3.141592653589793 * self->radius * self->radius);
}

static PyMethodDef Circle_methods[] = {
    {"area", (PyCFunction)Circle_area, METH_NOARGS, "The area."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
CircleType_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot CircleType_slots[] = {
    {Py_tp_doc, (void *)"A circle of a given radius."},
    {Py_tp_traverse, (void *)CircleType_traverse},
    {Py_tp_methods, (void *)Circle_methods},
    {Py_tp_init, (void *)Circle_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec CircleType_spec = {
    .name = "shapes.Circle",
    .basicsize = sizeof(CircleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = CircleType_slots,
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
    PyModuleDef_HEAD_INIT, "shapes", "Squares and circles.", sizeof(shapes_state), NULL,
    shapes_slots,
    shapes_traverse,
    shapes_clear,
    shapes_free
};

/* Readies a type (instantiable from Python) and adds it to the module under `pyname`. */
#define REGISTER_TYPE(st, mod, pyname, tp)                              \
    do {                                                                \
        if (shapes_create_type(mod, &tp##_spec, NULL, &st->tp, 0) < 0)  \
            goto fail;                                                  \
        Py_INCREF(st->tp);                                              \
        if (PyModule_AddObject(mod, pyname, (PyObject *)st->tp) < 0) {  \
            Py_DECREF(st->tp);                                          \
            goto fail;                                                  \
        }                                                               \
    } while (0)

static int
shapes_exec(PyObject *m)
{
    shapes_state *st = get_shapes_state(m);

    REGISTER_TYPE(st, m, "Square", SquareType);
    REGISTER_TYPE(st, m, "Circle", CircleType);
    return 0;

fail:
    return -1;
}

PyMODINIT_FUNC
PyInit_shapes(void)
{
    return PyModuleDef_Init(&shapes_module);
}
