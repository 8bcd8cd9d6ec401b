/* A single-phase module that returns the already-created module on re-import, and reaches its
 * state through PyState_FindModule in a module function. */
#include <Python.h>

struct guard_state {
    long calls;
};

static struct PyModuleDef guard_module;

static PyObject *
guard_count(PyObject *self, PyObject *unused)
{
    PyObject *m = PyState_FindModule(&guard_module);
    struct guard_state *st;
    if (m == NULL)
        return NULL;
    st = (struct guard_state *)PyModule_GetState(m);
    st->calls++;
    return PyLong_FromLong(st->calls);
}

static PyMethodDef guard_methods[] = {
    {"count", guard_count, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef guard_module = {
    PyModuleDef_HEAD_INIT, "guardmod", NULL, sizeof(struct guard_state), guard_methods
};

PyMODINIT_FUNC
PyInit_guardmod(void)
{
    PyObject *m;

    if ((m = PyState_FindModule(&guard_module)) != NULL) {
        Py_INCREF(m);
        return m;
    }
    m = PyModule_Create(&guard_module);
    if (m == NULL)
        return NULL;
    if (PyState_AddModule(m, &guard_module) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
