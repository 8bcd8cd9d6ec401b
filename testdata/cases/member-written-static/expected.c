/* Counters kept in a static struct and written through its members: per-process data races. */
#include <Python.h>

typedef struct { long size; } FreeList;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    struct {
        long calls;
        long errors;
    } stats;       /* was: static struct {...} stats */
    FreeList freelist; /* was: static FreeList freelist */
} mwmod_state;

static inline mwmod_state *
get_mwmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (mwmod_state *)state;
}

static PyObject *
mw_call(PyObject *self, PyObject *arg)
{
    mwmod_state *st = get_mwmod_state(self);
    st->stats.calls += 1;
    if (arg == Py_None) {
        st->stats.errors++;
        PyErr_SetString(PyExc_ValueError, "None");
        return NULL;
    }
    st->freelist.size--;
    return PyLong_FromLong(st->stats.calls);
}

static PyMethodDef mw_methods[] = {
    {"call", mw_call, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static int mwmod_exec(PyObject *module);

static PyModuleDef_Slot mwmod_slots[] = {
    {Py_mod_exec, (void *)mwmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef mw_module = {
    PyModuleDef_HEAD_INIT, "mwmod", NULL, sizeof(mwmod_state), mw_methods,
    mwmod_slots
};

static int
mwmod_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_mwmod(void)
{
    return PyModuleDef_Init(&mw_module);
}
