/* A singleton kept in a global typed with the object struct's typedef name (no "Object" suffix). */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long size;
} Vec;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    Vec *EMPTY; /* was: static Vec *EMPTY */
} vecmod_state;

static inline vecmod_state *
get_vecmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (vecmod_state *)state;
}

static int
vecmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    vecmod_state *st = get_vecmod_state(module);
    Py_VISIT(st->EMPTY);
    return 0;
}

static int
vecmod_clear(PyObject *module)
{
    vecmod_state *st = get_vecmod_state(module);
    Py_CLEAR(st->EMPTY);
    return 0;
}

static void
vecmod_free(void *module)
{
    (void)vecmod_clear((PyObject *)module);
}

static PyObject *
vec_empty(PyObject *self, PyObject *unused)
{
    vecmod_state *st = get_vecmod_state(self);
    Py_INCREF(st->EMPTY);
    return (PyObject *)st->EMPTY;
}

static PyMethodDef vec_methods[] = {
    {"empty", vec_empty, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static int vecmod_exec(PyObject *m);

static PyModuleDef_Slot vecmod_slots[] = {
    {Py_mod_exec, (void *)vecmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef vec_module = {
    PyModuleDef_HEAD_INIT, "vecmod", NULL, sizeof(vecmod_state), vec_methods,
    vecmod_slots,
    vecmod_traverse,
    vecmod_clear,
    vecmod_free
};

static int
vecmod_exec(PyObject *m)
{
    vecmod_state *st = get_vecmod_state(m);
    /* any object will do as the singleton for this case: a list, seen as a Vec */
    st->EMPTY = (Vec *)PyList_New(0);
    if (st->EMPTY == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_vecmod(void)
{
    return PyModuleDef_Init(&vec_module);
}
