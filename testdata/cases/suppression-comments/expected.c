/* Hazards a maintainer has looked at and accepted, recorded with suppression comments: a trailing
   comment on a declaration, a comment block above a function (covers the whole function), a
   line comment naming two rules. Next to them, what is not accepted: a comment with a mistyped
   rule id, one without a reason, one that accepts nothing. Accepted hazards stay listed but do
   not count; the others are reported as before. */
#include <Python.h>

/* Statistics for the debugging helper: racy counts are fine there. */
static long ticks_seen = 0;  /* pyext-isolate: allow(checks/mutable-c-static): approximate debug counter, a lost increment is harmless */
static long ticks_dropped = 0;

/* pyext-isolate: allow(checks/gilstate): the timer library calls back from its own thread,
 * and the module registers callbacks only from the main interpreter (see tick_start) */
static void
on_tick(void *userdata)
{
    PyGILState_STATE g = PyGILState_Ensure();
    ticks_seen++;
    if (userdata == NULL)
        ticks_dropped++;
    PyGILState_Release(g);
}

// pyext-isolate: allow(checks/mutable-c-statc): a typo in the rule id accepts nothing
static int verbose;
/* pyext-isolate: allow(checks/mutable-c-static) */
static int trace_level;
static const char *tick_unit = "ms";  /* pyext-isolate: allow(checks/mutable-c-static): const data is no hazard anyway */
// pyext-isolate: allow(checks/mutable-c-static, checks/lock-or-thread-local): tick_period is set once by tick_start before any thread exists
static int tick_period = 10;

static PyObject *
tick_start(PyObject *self, PyObject *args)
{
    int period = 10;
    if (!PyArg_ParseTuple(args, "|i", &period))
        return NULL;
    tick_period = period;
    verbose = 1;
    trace_level = 2;
    on_tick(self);
    return Py_BuildValue("lls", ticks_seen, ticks_dropped, tick_unit);
}

static PyMethodDef tick_methods[] = {
    {"tick_start", tick_start, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int tickmod_exec(PyObject *module);

static PyModuleDef_Slot tickmod_slots[] = {
    {Py_mod_exec, (void *)tickmod_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tickmodule = {
    PyModuleDef_HEAD_INIT, "tickmod", NULL, 0, tick_methods,
    tickmod_slots
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per process. */
static int tickmod_loaded_once = 0;

static int
tickmod_exec(PyObject *module)
{
    if (tickmod_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "tickmod cannot be loaded more than once per process");
        return -1;
    }
    tickmod_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_tickmod(void)
{
    return PyModuleDef_Init(&tickmodule);
}
