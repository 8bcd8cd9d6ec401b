/* tally: counters that raise tally.Overflow at their limit. Written on the Python 2/3 porting
 * template: the module's state struct and GETSTATE() live here, the Counter type in counter.c,
 * readied here. */
#include "tally.h"
#include "tally_state.h"

static int tally_clear(PyObject *);

static void
tally_free(void *module)
{
    (void)tally_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tally_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                  int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

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
    struct module_state *st = get_tally_state(m);
    Py_VISIT(st->TallyOverflow);
    Py_VISIT(st->CounterType);
    Py_VISIT(GETSTATE(m)->error);
    return 0;
}

static int
tally_clear(PyObject *m)
{
    struct module_state *st = get_tally_state(m);
    Py_CLEAR(st->TallyOverflow);
    Py_CLEAR(st->CounterType);
    Py_CLEAR(GETSTATE(m)->error);
    return 0;
}

static int tally_exec(PyObject *module);

static PyModuleDef_Slot tally_slots[] = {
    {Py_mod_exec, (void *)tally_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT,
    "tally",
    "Counters that raise tally.Overflow at their limit.",
    sizeof(struct module_state),
    tally_methods,
    tally_slots,
    tally_traverse,
    tally_clear,
    tally_free
};

#define INITERROR return -1

static int
tally_exec(PyObject *module)
#else
#define INITERROR return

void
inittally(void)
#endif
{
    struct module_state *mod_st = get_tally_state(module);
#if PY_MAJOR_VERSION >= 3
#else
    PyObject *module = Py_InitModule("tally", tally_methods);
#endif
    struct module_state *st;

    if (module == NULL)
        INITERROR;
    st = GETSTATE(module);
    st->error = PyErr_NewException("tally.error", NULL, NULL);
    if (st->error == NULL)
        INITERROR;
    Py_INCREF(st->error);
    if (PyModule_AddObject(module, "error", st->error) < 0) {
        Py_DECREF(st->error);
        INITERROR;
    }
    mod_st->TallyOverflow = PyErr_NewException("tally.Overflow", NULL, NULL);
    if (mod_st->TallyOverflow == NULL)
        INITERROR;
    Py_INCREF(mod_st->TallyOverflow);
    if (PyModule_AddObject(module, "Overflow", mod_st->TallyOverflow) < 0) {
        Py_DECREF(mod_st->TallyOverflow);
        INITERROR;
    }
    if (tally_create_type(module, &Counter_spec, NULL, &mod_st->CounterType, 0) < 0)
        INITERROR;
    Py_INCREF(mod_st->CounterType);
    if (PyModule_AddObject(module, "Counter", (PyObject *)mod_st->CounterType) < 0) {
        Py_DECREF(mod_st->CounterType);
        INITERROR;
    }
#if PY_MAJOR_VERSION >= 3
    return 0;
#endif
}

PyMODINIT_FUNC
PyInit_tally(void)
{
    return PyModuleDef_Init(&tally_module);
}
