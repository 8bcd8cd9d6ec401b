/* A struct sequence type declared in the module's header, filled in the init behind its tp_name. */
#include "point.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *PointType; /* was: static PyTypeObject PointType */
} points_state;

static inline points_state *
get_points_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (points_state *)state;
}

static int
points_traverse(PyObject *module, visitproc visit, void *arg)
{
    points_state *st = get_points_state(module);
    Py_VISIT(st->PointType);
    return 0;
}

static int
points_clear(PyObject *module)
{
    points_state *st = get_points_state(module);
    Py_CLEAR(st->PointType);
    return 0;
}

static void
points_free(void *module)
{
    (void)points_clear((PyObject *)module);
}

static PyObject *
origin(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    points_state *st = get_points_state(self);
    PyObject *p = PyStructSequence_New(st->PointType);
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

static int points_exec(PyObject *m);

static PyModuleDef_Slot points_slots[] = {
    {Py_mod_exec, (void *)points_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pointsmodule = {
    PyModuleDef_HEAD_INIT, "points", NULL, sizeof(points_state), points_methods,
    points_slots,
    points_traverse,
    points_clear,
    points_free
};

static int
points_exec(PyObject *m)
{
    {
        points_state *st = get_points_state(m);
        st->PointType = PyStructSequence_NewType(&point_desc);
        if (st->PointType == NULL) {
            if (!PyErr_Occurred()) {
                /* CPython (3.12, 3.13) loses the error when it cannot copy the
                 * type's name */
                PyErr_NoMemory();
            }
            return -1;
        }
        Py_INCREF(st->PointType);
        if (PyModule_AddObject(m, "point", (PyObject *)st->PointType) < 0) {
            Py_DECREF(st->PointType);
            return -1;
        }
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_points(void)
{
    return PyModuleDef_Init(&pointsmodule);
}
