/* The module's one translation unit: the type lives in an #included .c file. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "onetu_state.h"

#include "counter_type.c"

static int
onetu_traverse(PyObject *module, visitproc visit, void *arg)
{
    onetu_state *st = get_onetu_state(module);
    Py_VISIT(st->CounterType);
    return 0;
}

static int
onetu_clear(PyObject *module)
{
    onetu_state *st = get_onetu_state(module);
    Py_CLEAR(st->CounterType);
    return 0;
}

static void
onetu_free(void *module)
{
    (void)onetu_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
onetu_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
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
make_counter(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    onetu_state *st = get_onetu_state(module);
    return PyObject_CallNoArgs((PyObject *)st->CounterType);
}

static PyMethodDef onetu_methods[] = {
    {"make_counter", make_counter, METH_NOARGS, "A new Counter."},
    {NULL, NULL, 0, NULL}
};

static int onetu_exec(PyObject *m);

static PyModuleDef_Slot onetu_slots[] = {
    {Py_mod_exec, (void *)onetu_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef onetu_module = {
    PyModuleDef_HEAD_INIT, "onetu", NULL, sizeof(onetu_state), onetu_methods,
    onetu_slots,
    onetu_traverse,
    onetu_clear,
    onetu_free,
};

static int
onetu_exec(PyObject *m)
{
    onetu_state *st = get_onetu_state(m);

    if (onetu_create_type(m, &Counter_spec, NULL, &st->CounterType, 0) < 0)
        return -1;
    Py_INCREF(st->CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)st->CounterType) < 0) {
        Py_DECREF(st->CounterType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_onetu(void)
{
    return PyModuleDef_Init(&onetu_module);
}
