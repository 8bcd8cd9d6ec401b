/*
 * shapes: the module. Its types are defined in circle.c and square.c; only
 * this file has the init function.
 */
#include "shapes.h"

static struct PyModuleDef shapes_module = {
    PyModuleDef_HEAD_INIT,
    "shapes",
    "Circles and squares.",
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_shapes(void)
{
    PyObject *m;

    if (PyType_Ready(&CircleType) < 0)
        return NULL;
    if (PyType_Ready(&SquareType) < 0)
        return NULL;
    m = PyModule_Create(&shapes_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&CircleType);
    if (PyModule_AddObject(m, "Circle", (PyObject *)&CircleType) < 0) {
        Py_DECREF(&CircleType);
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
