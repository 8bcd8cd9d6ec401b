/* The module keeps a C set of the values it was shown in a global named `seen`; the library's header
 * (not given to the tool) names `seen` too, but only as a member and a parameter. The global moves
 * into the module state. */
#include <Python.h>
#include "vendor/seen.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    struct seen_set *seen; /* was: static struct seen_set *seen */
} once_state;

static inline once_state *
get_once_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (once_state *)state;
}

static PyObject *
once_first(PyObject *self, PyObject *arg)
{
    once_state *st = get_once_state(self);
    long v = PyLong_AsLong(arg);
    int added;
    if (v == -1 && PyErr_Occurred())
        return NULL;
    added = seen_add(st->seen, v);
    if (added < 0)
        return PyErr_NoMemory();
    return PyBool_FromLong(added);
}

static PyObject *
once_count(PyObject *self, PyObject *unused)
{
    once_state *st = get_once_state(self);
    return PyLong_FromLong(st->seen->length);
}

static PyMethodDef once_methods[] = {
    {"first", once_first, METH_O, "True the first time a value is shown."},
    {"count", once_count, METH_NOARGS, "How many values were shown."},
    {NULL, NULL, 0, NULL}
};

static int once_exec(PyObject *m);

static PyModuleDef_Slot once_slots[] = {
    {Py_mod_exec, (void *)once_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef once_module = {
    PyModuleDef_HEAD_INIT,
    "once",
    "Tells first sightings of ints.",
    sizeof(once_state),
    once_methods,
    once_slots,
};

static int
once_exec(PyObject *m)
{
    once_state *st = get_once_state(m);
    st->seen = seen_new();
    if (st->seen == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_once(void)
{
    return PyModuleDef_Init(&once_module);
}
