/* Hazards a maintainer has looked at and accepted, recorded with suppression comments: a trailing
   comment on a declaration, a comment block above a function (covers the whole function), a
   line comment naming two rules. Next to them, what is not accepted: a comment with a mistyped
   rule id, one without a reason, one that accepts nothing. Accepted hazards stay listed but do
   not count; the others are reported as before. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* Statistics for the debugging helper: racy counts are fine there. */
    long ticks_seen;    /* was: static long ticks_seen */
    long ticks_dropped; /* was: static long ticks_dropped */
    // pyext-isolate: allow(checks/mutable-c-statc): a typo in the rule id accepts nothing
    int verbose;        /* was: static int verbose */
    /* pyext-isolate: allow(checks/mutable-c-static) */
    int trace_level;    /* was: static int trace_level */
    // pyext-isolate: allow(checks/mutable-c-static, checks/lock-or-thread-local): tick_period is set once by tick_start before any thread exists
    int tick_period;    /* was: static int tick_period */
} tickmod_state;

static inline tickmod_state *
get_tickmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tickmod_state *)state;
}

/* pyext-isolate: allow(checks/gilstate): the timer library calls back from its own thread,
 * and the module registers callbacks only from the main interpreter (see tick_start) */
static void
on_tick(tickmod_state *st, void *userdata)
{
    PyGILState_STATE g = PyGILState_Ensure();
    st->ticks_seen++;
    if (userdata == NULL)
        st->ticks_dropped++;
    PyGILState_Release(g);
}

static const char *tick_unit = "ms";  /* pyext-isolate: allow(checks/mutable-c-static): const data is no hazard anyway */

static PyObject *
tick_start(PyObject *self, PyObject *args)
{
    tickmod_state *st = get_tickmod_state(self);
    int period = 10;
    if (!PyArg_ParseTuple(args, "|i", &period))
        return NULL;
    st->tick_period = period;
    st->verbose = 1;
    st->trace_level = 2;
    on_tick(st, self);
    return Py_BuildValue("lls", st->ticks_seen, st->ticks_dropped, tick_unit);
}

static PyMethodDef tick_methods[] = {
    {"tick_start", tick_start, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int tickmod_exec(PyObject *module);

static PyModuleDef_Slot tickmod_slots[] = {
    {Py_mod_exec, (void *)tickmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tickmodule = {
    PyModuleDef_HEAD_INIT, "tickmod", NULL, sizeof(tickmod_state), tick_methods,
    tickmod_slots
};

static int
tickmod_exec(PyObject *module)
{
    tickmod_state *st = get_tickmod_state(module);
    st->tick_period = 10;
    return 0;
}

PyMODINIT_FUNC
PyInit_tickmod(void)
{
    return PyModuleDef_Init(&tickmodule);
}
