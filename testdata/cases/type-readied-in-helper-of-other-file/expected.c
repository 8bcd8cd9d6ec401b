/* The init function leaves its type to a helper in another file (declared in the extension's
 * header), which readies it, adds it to the module and releases the module when that fails; a
 * function of that file makes the type's objects for the module's functions. */
#include <Python.h>
#include "geo.h"
#include "geo_state.h"

static int
geo_traverse(PyObject *module, visitproc visit, void *arg)
{
    geo_state *st = get_geo_state(module);
    Py_VISIT(st->Point_Type);
    return 0;
}

static int
geo_clear(PyObject *module)
{
    geo_state *st = get_geo_state(module);
    Py_CLEAR(st->Point_Type);
    return 0;
}

static void
geo_free(void *module)
{
    (void)geo_clear((PyObject *)module);
}

static PyObject *
geo_midpoint(PyObject *self, PyObject *args)
{
    geo_state *st = get_geo_state(self);
    double x1, y1, x2, y2;

    if (!PyArg_ParseTuple(args, "dddd", &x1, &y1, &x2, &y2))
        return NULL;
    return point_new(st, (x1 + x2) / 2, (y1 + y2) / 2);
}

static PyMethodDef geo_methods[] = {
    {"midpoint", geo_midpoint, METH_VARARGS, "The point halfway between two points."},
    {NULL, NULL, 0, NULL}
};

static int geo_exec(PyObject *m);

static PyModuleDef_Slot geo_slots[] = {
    {Py_mod_exec, (void *)geo_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef geo_module = {
    PyModuleDef_HEAD_INIT,
    "geo",
    "Plane geometry.",
    sizeof(geo_state),
    geo_methods,
    geo_slots,
    geo_traverse,
    geo_clear,
    geo_free,
};

static int
geo_exec(PyObject *m)
{

    if (geo_add_types(m) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_geo(void)
{
    return PyModuleDef_Init(&geo_module);
}
