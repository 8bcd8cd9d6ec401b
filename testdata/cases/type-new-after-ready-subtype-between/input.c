/* shapes: a base type and a subtype readied before the base's tp_new is filled in. The subtype
 * inherits tp_new when it is readied, so here it inherits none: Square cannot be instantiated,
 * while Shape can. Folding the store into Shape's spec would give Square a tp_new as well. */
#include <Python.h>

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

static PyTypeObject SquareType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shapes.Square",
    .tp_basicsize = sizeof(ShapeObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_base = &ShapeType,
};

static struct PyModuleDef shapes_module = {PyModuleDef_HEAD_INIT, "shapes", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_shapes(void)
{
    PyObject *m;

    if (PyType_Ready(&ShapeType) < 0)
        return NULL;
    if (PyType_Ready(&SquareType) < 0)
        return NULL;
    ShapeType.tp_new = PyType_GenericNew;

    m = PyModule_Create(&shapes_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&ShapeType);
    if (PyModule_AddObject(m, "Shape", (PyObject *)&ShapeType) < 0) {
        Py_DECREF(&ShapeType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&SquareType);
    if (PyModule_AddObject(m, "Square", (PyObject *)&SquareType) < 0) {
        Py_DECREF(&SquareType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
