/* tally: counters that raise tally.Overflow at their limit. Written on the Python 2/3 porting
 * template: the module's state struct and GETSTATE() live here, the Counter type in counter.c,
 * readied here. */
#include "tally.h"

PyObject *TallyOverflow;

struct module_state {
    PyObject *error;
};

#if PY_MAJOR_VERSION >= 3
#define GETSTATE(m) ((struct module_state *)PyModule_GetState(m))
#else
#define GETSTATE(m) (&_state)
static struct module_state _state;
#endif

static PyObject *
tally_check(PyObject *m, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 0) {
        PyErr_SetString(GETSTATE(m)->error, "a count is never negative");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef tally_methods[] = {
    {"check", tally_check, METH_O, "check(n): raise tally.error for a negative count."},
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3

static int
tally_traverse(PyObject *m, visitproc visit, void *arg)
{
    Py_VISIT(GETSTATE(m)->error);
    return 0;
}

static int
tally_clear(PyObject *m)
{
    Py_CLEAR(GETSTATE(m)->error);
    return 0;
}

static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT,
    "tally",
    "Counters that raise tally.Overflow at their limit.",
    sizeof(struct module_state),
    tally_methods,
    NULL,
    tally_traverse,
    tally_clear,
    NULL
};

#define INITERROR return NULL

PyMODINIT_FUNC
PyInit_tally(void)
#else
#define INITERROR return

void
inittally(void)
#endif
{
#if PY_MAJOR_VERSION >= 3
    PyObject *module = PyModule_Create(&tally_module);
#else
    PyObject *module = Py_InitModule("tally", tally_methods);
#endif
    struct module_state *st;

    if (module == NULL)
        INITERROR;
    st = GETSTATE(module);
    st->error = PyErr_NewException("tally.error", NULL, NULL);
    if (st->error == NULL) {
        Py_DECREF(module);
        INITERROR;
    }
    Py_INCREF(st->error);
    if (PyModule_AddObject(module, "error", st->error) < 0) {
        Py_DECREF(st->error);
        Py_DECREF(module);
        INITERROR;
    }
    TallyOverflow = PyErr_NewException("tally.Overflow", NULL, NULL);
    if (TallyOverflow == NULL) {
        Py_DECREF(module);
        INITERROR;
    }
    Py_INCREF(TallyOverflow);
    if (PyModule_AddObject(module, "Overflow", TallyOverflow) < 0) {
        Py_DECREF(TallyOverflow);
        Py_DECREF(module);
        INITERROR;
    }
    if (PyType_Ready(&CounterType) < 0) {
        Py_DECREF(module);
        INITERROR;
    }
    Py_INCREF(&CounterType);
    if (PyModule_AddObject(module, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        Py_DECREF(module);
        INITERROR;
    }
#if PY_MAJOR_VERSION >= 3
    return module;
#endif
}
