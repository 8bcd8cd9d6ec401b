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
    PyObject *m = self;
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

static int guardmod_exec(PyObject *m);

static PyModuleDef_Slot guardmod_slots[] = {
    {Py_mod_exec, (void *)guardmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef guard_module = {
    PyModuleDef_HEAD_INIT, "guardmod", NULL, sizeof(struct guard_state), guard_methods,
    guardmod_slots
};

static int
guardmod_exec(PyObject *Py_UNUSED(m))
{

    return 0;
}

PyMODINIT_FUNC
PyInit_guardmod(void)
{
    return PyModuleDef_Init(&guard_module);
}
