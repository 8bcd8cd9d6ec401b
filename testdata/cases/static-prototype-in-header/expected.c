/* tallies: counters made by a factory function. */
#include "tally.h"
#include "tallies_state.h"
#include "tally.c"

static int
tallies_traverse(PyObject *module, visitproc visit, void *arg)
{
    tallies_state *st = get_tallies_state(module);
    Py_VISIT(st->tally_type);
    return 0;
}

static int
tallies_clear(PyObject *module)
{
    tallies_state *st = get_tallies_state(module);
    Py_CLEAR(st->tally_type);
    return 0;
}

static void
tallies_free(void *module)
{
    (void)tallies_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tallies_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                    PyTypeObject **type, int disallow_new)
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
            /* CPython (3.12, 3.13) loses the error when it cannot copy the
             * type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
        (*type)->tp_new = NULL;
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

static PyObject *
tallies_tally(PyObject *module, PyObject *arg)
{
    tallies_state *st = get_tallies_state(module);
    long start = PyLong_AsLong(arg);
    if (start == -1 && PyErr_Occurred())
        return NULL;
    return tally_create(st, start);
}

static PyMethodDef tallies_methods[] = {
    {"tally", tallies_tally, METH_O, "tally(start) -> a new Tally"},
    {NULL, NULL, 0, NULL}
};

static int tallies_exec(PyObject *m);

static PyModuleDef_Slot tallies_slots[] = {
    {Py_mod_exec, (void *)tallies_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef tallies_module = {
    PyModuleDef_HEAD_INIT, "tallies", NULL, sizeof(tallies_state), tallies_methods,
    tallies_slots,
    tallies_traverse,
    tallies_clear,
    tallies_free
};

static int
tallies_exec(PyObject *m)
{
    tallies_state *st = get_tallies_state(m);
    if (tallies_create_type(m, &tally_type_spec, NULL, &st->tally_type, 1) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_tallies(void)
{
    return PyModuleDef_Init(&tallies_module);
}
