/* A C-API table function that needs the module's exception, called by a method of a type that
 * stays static (set up before PyType_Ready: a human decides). The module then loads once per
 * process, and the method, which has no state, calls the function with the one main module and no
 * interpreter check; old consumers keep the checked entry of the table. */
#include <Python.h>
#include <limits.h>

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *TallyError; /* was: static PyObject *TallyError */
    void *api_table[1];   /* was: static void *api[1] (the exported C-API table) */
} tally_state;

static inline tally_state *
get_tally_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tally_state *)state;
}

static int
tally_traverse(PyObject *module, visitproc visit, void *arg)
{
    tally_state *st = get_tally_state(module);
    Py_VISIT(st->TallyError);
    return 0;
}

static int
tally_clear(PyObject *module)
{
    tally_state *st = get_tally_state(module);
    Py_CLEAR(st->TallyError);
    return 0;
}

static void
tally_free(void *module)
{
    (void)tally_clear((PyObject *)module);
}

/* The legacy C-API's module: the main interpreter's first one (set in exec, never freed). */
static tally_state *tally_main_state = NULL;

static tally_state *
tally_legacy_state(void)
{
    if (tally_main_state == NULL || PyInterpreterState_Get() != PyInterpreterState_Main()) {
        PyErr_SetString(PyExc_RuntimeError,
                        "tally C-API: this function works in the main interpreter only");
        return NULL;
    }
    return tally_main_state;
}

static int Counter_Bump_impl(tally_state *st, PyObject *op, long n);

static PyTypeObject CounterType;

/* Exported in the table: gets the object, and raises the module's exception. */
static int
Counter_Bump_impl(tally_state *st, PyObject *op, long n)
{
    CounterObject *c = (CounterObject *)op;
    if (n > 0 && c->count > LONG_MAX - n) {
        PyErr_SetString(st->TallyError, "counter overflow");
        return -1;
    }
    c->count += n;
    return 0;
}

/* For the C-API table: the main interpreter's module (pyext-isolate). */
static int
Counter_Bump(PyObject *op, long n)
{
    tally_state *st = tally_legacy_state();
    if (st == NULL)
        return -1;
    return Counter_Bump_impl(st, op, n);
}

/* For callers that have no state: the module loads once per process (pyext-isolate). */
static int
Counter_Bump_main(PyObject *op, long n)
{
    if (tally_main_state == NULL)
        return Counter_Bump(op, n);
    return Counter_Bump_impl(tally_main_state, op, n);
}

static PyObject *
counter_bump(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (Counter_Bump_main(self, n) < 0)
        return NULL;
    return PyLong_FromLong(((CounterObject *)self)->count);
}

static PyMethodDef counter_methods[] = {
    {"bump", counter_bump, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tally.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = counter_methods,
    .tp_new = PyType_GenericNew,
};

/* A module function: it has the module, so it passes its own state. */
static PyObject *
tally_bump(PyObject *module, PyObject *args)
{
    tally_state *st = get_tally_state(module);
    PyObject *c;
    long n;
    if (!PyArg_ParseTuple(args, "O!l", &CounterType, &c, &n))
        return NULL;
    if (Counter_Bump_impl(st, c, n) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef tally_functions[] = {
    {"bump", tally_bump, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int tally_exec(PyObject *m);

static PyModuleDef_Slot tally_slots[] = {
    {Py_mod_exec, (void *)tally_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT, "tally", NULL, sizeof(tally_state), tally_functions,
    tally_slots,
    tally_traverse,
    tally_clear,
    tally_free,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int tally_loaded_once = 0;

static int
tally_exec(PyObject *m)
{
    tally_state *st = get_tally_state(m);
    PyObject *capsule;

    if (tally_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "tally cannot be loaded more than once per process");
        return -1;
    }
    Py_SET_TYPE(&CounterType, Py_TYPE(&PyBaseObject_Type));
    if (PyType_Ready(&CounterType) < 0)
        return -1;
    st->TallyError = PyErr_NewException("tally.TallyError", NULL, NULL);
    if (st->TallyError == NULL || PyModule_AddObject(m, "TallyError", st->TallyError) < 0)
        return -1;
    Py_INCREF(st->TallyError);
    Py_INCREF(&CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        return -1;
    }
    st->api_table[0] = (void *)Counter_Bump;
    /* pyext-isolate: the main interpreter's first module serves consumers that cache the table. */
    if (tally_main_state == NULL && PyInterpreterState_Get() == PyInterpreterState_Main()) {
        tally_main_state = st;
        Py_INCREF(m); /* kept alive until exit */
    }
    capsule = PyCapsule_New((void *)st->api_table, "tally._C_API", NULL);
    if (PyModule_AddObject(m, "_C_API", capsule) < 0) {
        Py_XDECREF(capsule);
        return -1;
    }
    tally_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_tally(void)
{
    return PyModuleDef_Init(&tally_module);
}
