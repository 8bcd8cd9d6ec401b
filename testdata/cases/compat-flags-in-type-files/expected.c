/*
 * shapes: the module. Its types are defined in circle.c and square.c; only
 * this file has the init function.
 */
#include "shapes.h"
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *CircleType; /* was: PyTypeObject CircleType */
    PyTypeObject *SquareType; /* was: PyTypeObject SquareType */
} shapes_state;

extern PyType_Spec Circle_spec;
extern PyType_Spec Square_spec;

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
    Py_VISIT(st->CircleType);
    Py_VISIT(st->SquareType);
    return 0;
}

static int
shapes_clear(PyObject *module)
{
    shapes_state *st = get_shapes_state(module);
    Py_CLEAR(st->CircleType);
    Py_CLEAR(st->SquareType);
    return 0;
}

static void
shapes_free(void *module)
{
    (void)shapes_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
shapes_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
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
    "Circles and squares.",
    sizeof(shapes_state),
    NULL,
    shapes_slots,
    shapes_traverse,
    shapes_clear,
    shapes_free,
};

static int
shapes_exec(PyObject *m)
{
    shapes_state *st = get_shapes_state(m);

    if (shapes_create_type(m, &Circle_spec, NULL, &st->CircleType, 0) < 0)
        return -1;
    if (shapes_create_type(m, &Square_spec, NULL, &st->SquareType, 0) < 0)
        return -1;
    Py_INCREF(st->CircleType);
    if (PyModule_AddObject(m, "Circle", (PyObject *)st->CircleType) < 0) {
        Py_DECREF(st->CircleType);
        return -1;
    }
    Py_INCREF(st->SquareType);
    if (PyModule_AddObject(m, "Square", (PyObject *)st->SquareType) < 0) {
        Py_DECREF(st->SquareType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_shapes(void)
{
    return PyModuleDef_Init(&shapes_module);
}
