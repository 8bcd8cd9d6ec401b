/* The init function leaves its type to a helper in another file (declared in the extension's
 * header), which readies it, adds it to the module and releases the module when that fails; a
 * function of that file makes the type's objects for the module's functions. */
#include <Python.h>
#include "geo.h"

static PyObject *
geo_midpoint(PyObject *self, PyObject *args)
{
    double x1, y1, x2, y2;

    if (!PyArg_ParseTuple(args, "dddd", &x1, &y1, &x2, &y2))
        return NULL;
    return point_new((x1 + x2) / 2, (y1 + y2) / 2);
}

static PyMethodDef geo_methods[] = {
    {"midpoint", geo_midpoint, METH_VARARGS, "The point halfway between two points."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef geo_module = {
    PyModuleDef_HEAD_INIT,
    "geo",
    "Plane geometry.",
    -1,
    geo_methods,
};

PyMODINIT_FUNC
PyInit_geo(void)
{
    PyObject *m = PyModule_Create(&geo_module);

    if (m == NULL)
        return NULL;
    if (geo_add_types(m) < 0)
        return NULL;
    return m;
}
