/* A module over a vendored library that keeps its setting in a global of its own file: the module
 * declares it extern and writes it from a module function. One variable per process, which every
 * interpreter shares: the module must not declare own-GIL support for it. */
#include <Python.h>

extern double SNAP_GRID;
double snap(double x);

static PyObject *
snapper_snap(PyObject *self, PyObject *arg)
{
    double x = PyFloat_AsDouble(arg);
    if (x == -1.0 && PyErr_Occurred())
        return NULL;
    return PyFloat_FromDouble(snap(x));
}

static PyObject *
snapper_set_grid(PyObject *self, PyObject *arg)
{
    double g = PyFloat_AsDouble(arg);
    if (g == -1.0 && PyErr_Occurred())
        return NULL;
    if (g <= 0.0) {
        PyErr_SetString(PyExc_ValueError, "the grid must be positive");
        return NULL;
    }
    SNAP_GRID = g;
    Py_RETURN_NONE;
}

static PyObject *
snapper_get_grid(PyObject *self, PyObject *unused)
{
    return PyFloat_FromDouble(SNAP_GRID);
}

static PyMethodDef snapper_methods[] = {
    {"snap", snapper_snap, METH_O, "Round to the grid."},
    {"set_grid", snapper_set_grid, METH_O, "Set the grid (process-wide)."},
    {"get_grid", snapper_get_grid, METH_NOARGS, "The grid."},
    {NULL, NULL, 0, NULL}
};

static int snapper_exec(PyObject *module);

static PyModuleDef_Slot snapper_slots[] = {
    {Py_mod_exec, (void *)snapper_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef snapper_module = {
    PyModuleDef_HEAD_INIT,
    "snapper",
    "Rounding to a grid.",
    0,
    snapper_methods,
    snapper_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int snapper_loaded_once = 0;

static int
snapper_exec(PyObject *Py_UNUSED(module))
{
    if (snapper_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "snapper cannot be loaded more than once per process");
        return -1;
    }
    snapper_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_snapper(void)
{
    return PyModuleDef_Init(&snapper_module);
}
