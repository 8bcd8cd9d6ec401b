/* shapes: two small value types, each readied and added by one registering macro. */
#include <Python.h>

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

static PyTypeObject SquareType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shapes.Square",
    .tp_basicsize = sizeof(SquareObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A square of a given side.",
    .tp_methods = Square_methods,
    .tp_init = (initproc)Square_init,
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

static PyTypeObject CircleType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shapes.Circle",
    .tp_basicsize = sizeof(CircleObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A circle of a given radius.",
    .tp_methods = Circle_methods,
    .tp_init = (initproc)Circle_init,
};

static int shapes_exec(PyObject *m);

static PyModuleDef_Slot shapes_slots[] = {
    {Py_mod_exec, (void *)shapes_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef shapes_module = {
    PyModuleDef_HEAD_INIT, "shapes", "Squares and circles.", 0, NULL,
    shapes_slots
};

/* Readies a type (instantiable from Python) and adds it to the module under `pyname`. */
#define REGISTER_TYPE(mod, pyname, tp)                                  \
    do {                                                                \
        tp.tp_new = PyType_GenericNew;                                  \
        if (PyType_Ready(&tp) < 0)                                      \
            goto fail;                                                  \
        Py_INCREF(&tp);                                                 \
        if (PyModule_AddObject(mod, pyname, (PyObject *)&tp) < 0) {     \
            Py_DECREF(&tp);                                             \
            goto fail;                                                  \
        }                                                               \
    } while (0)

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int shapes_loaded_once = 0;

static int
shapes_exec(PyObject *m)
{

    if (shapes_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "shapes cannot be loaded more than once per process");
        return -1;
    }
    REGISTER_TYPE(m, "Square", SquareType);
    REGISTER_TYPE(m, "Circle", CircleType);
    shapes_loaded_once = 1;
    return 0;

fail:
    return -1;
}

PyMODINIT_FUNC
PyInit_shapes(void)
{
    return PyModuleDef_Init(&shapes_module);
}
