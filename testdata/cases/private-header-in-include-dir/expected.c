/* A module whose own header lives in include/ (see include/plane.h): the type and the exception
 * it declares are this extension's, and move into the module state like any other. */
#include "include/plane.h"
#include "plane_state.h"

static int
plane_traverse(PyObject *module, visitproc visit, void *arg)
{
    plane_state *st = get_plane_state(module);
    Py_VISIT(st->PlaneError);
    Py_VISIT(st->Point_Type);
    return 0;
}

static int
plane_clear(PyObject *module)
{
    plane_state *st = get_plane_state(module);
    Py_CLEAR(st->PlaneError);
    Py_CLEAR(st->Point_Type);
    return 0;
}

static void
plane_free(void *module)
{
    (void)plane_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
plane_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static PyObject *
plane_point(PyObject *module, PyObject *args)
{
    plane_state *st = get_plane_state(module);
    double x, y;
    if (!PyArg_ParseTuple(args, "dd", &x, &y))
        return NULL;
    if (x != x || y != y) {
        PyErr_SetString(st->PlaneError, "nan coordinate");
        return NULL;
    }
    return point_from_xy(st, x, y);
}

static PyMethodDef plane_methods[] = {
    {"point", plane_point, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int plane_exec(PyObject *m);

static PyModuleDef_Slot plane_slots[] = {
    {Py_mod_exec, (void *)plane_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef plane_module = {
    PyModuleDef_HEAD_INIT, "plane", NULL, sizeof(plane_state), plane_methods,
    plane_slots,
    plane_traverse,
    plane_clear,
    plane_free,
};

static int
plane_exec(PyObject *m)
{
    plane_state *st = get_plane_state(m);
    if (plane_create_type(m, &Point_spec, NULL, &st->Point_Type, 1) < 0)
        return -1;
    st->PlaneError = PyErr_NewException("plane.PlaneError", NULL, NULL);
    if (st->PlaneError == NULL)
        return -1;
    Py_INCREF(st->PlaneError);
    if (PyModule_AddObject(m, "PlaneError", st->PlaneError) < 0) {
        Py_DECREF(st->PlaneError);
        return -1;
    }
    Py_INCREF(st->Point_Type);
    if (PyModule_AddObject(m, "Point", (PyObject *)st->Point_Type) < 0) {
        Py_DECREF(st->Point_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_plane(void)
{
    return PyModuleDef_Init(&plane_module);
}
