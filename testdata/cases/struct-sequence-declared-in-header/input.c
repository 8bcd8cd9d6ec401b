/* A struct sequence type declared in the module's header, filled in the init behind its tp_name. */
#include "point.h"

static PyObject *
origin(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *p = PyStructSequence_New(&PointType);
    if (p == NULL)
        return NULL;
    PyStructSequence_SET_ITEM(p, 0, PyLong_FromLong(0));
    PyStructSequence_SET_ITEM(p, 1, PyLong_FromLong(0));
    if (PyErr_Occurred()) {
        Py_DECREF(p);
        return NULL;
    }
    return p;
}

static PyMethodDef points_methods[] = {
    {"origin", origin, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef pointsmodule = {
    PyModuleDef_HEAD_INIT, "points", NULL, -1, points_methods
};

PyMODINIT_FUNC
PyInit_points(void)
{
    PyObject *m = PyModule_Create(&pointsmodule);
    if (m == NULL)
        return NULL;
    if (PointType.tp_name == NULL) {
        PyStructSequence_InitType(&PointType, &point_desc);
        Py_INCREF(&PointType);
        if (PyModule_AddObject(m, "point", (PyObject *)&PointType) < 0) {
            Py_DECREF(&PointType);
            Py_DECREF(m);
            return NULL;
        }
    }
    return m;
}
