/* A module whose own header lives in include/ (see include/plane.h): the type and the exception
 * it declares are this extension's, and move into the module state like any other. */
#include "include/plane.h"

PyObject *PlaneError;

static PyObject *
plane_point(PyObject *module, PyObject *args)
{
    double x, y;
    if (!PyArg_ParseTuple(args, "dd", &x, &y))
        return NULL;
    if (x != x || y != y) {
        PyErr_SetString(PlaneError, "nan coordinate");
        return NULL;
    }
    return point_from_xy(x, y);
}

static PyMethodDef plane_methods[] = {
    {"point", plane_point, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef plane_module = {
    PyModuleDef_HEAD_INIT, "plane", NULL, -1, plane_methods,
};

PyMODINIT_FUNC
PyInit_plane(void)
{
    PyObject *m;
    if (PyType_Ready(&Point_Type) < 0)
        return NULL;
    m = PyModule_Create(&plane_module);
    if (m == NULL)
        return NULL;
    PlaneError = PyErr_NewException("plane.PlaneError", NULL, NULL);
    if (PlaneError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(PlaneError);
    if (PyModule_AddObject(m, "PlaneError", PlaneError) < 0) {
        Py_DECREF(PlaneError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Point_Type);
    if (PyModule_AddObject(m, "Point", (PyObject *)&Point_Type) < 0) {
        Py_DECREF(&Point_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
