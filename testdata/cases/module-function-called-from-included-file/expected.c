/* regtab: a registry of display names keyed by any hashable object. The table is a dict
 * held in a C global; the lookup helpers live in lookup.inc, which this file includes. */
#include <Python.h>
#include "regtab_state.h"

static int
regtab_traverse(PyObject *module, visitproc visit, void *arg)
{
    regtab_state *st = get_regtab_state(module);
    Py_VISIT(st->names);
    return 0;
}

static int
regtab_clear(PyObject *module)
{
    regtab_state *st = get_regtab_state(module);
    Py_CLEAR(st->names);
    return 0;
}

static void
regtab_free(void *module)
{
    (void)regtab_clear((PyObject *)module);
}

static PyObject *registered_name(PyObject *module, PyObject *key);
static PyObject *registered_name_impl(regtab_state *st, PyObject *module, PyObject *key);

#include "lookup.inc"

static PyObject *
registered_name_impl(regtab_state *st, PyObject *module, PyObject *key)
{
    PyObject *name = PyDict_GetItemWithError(st->names, key);
    if (name == NULL && module != NULL && !PyErr_Occurred())
        Py_RETURN_NONE;
    Py_XINCREF(name);
    return name;
}

/* For the method table; C code without the module calls registered_name_impl() (pyext-isolate). */
static PyObject *
registered_name(PyObject *module, PyObject *key)
{
    return registered_name_impl(get_regtab_state(module), module, key);
}

static PyObject *
regtab_register(PyObject *module, PyObject *args)
{
    regtab_state *st = get_regtab_state(module);
    PyObject *key, *name;
    if (!PyArg_ParseTuple(args, "OU:register", &key, &name))
        return NULL;
    if (PyDict_SetItem(st->names, key, name) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
regtab_lookup(PyObject *module, PyObject *key)
{
    PyObject *name = registered_name(module, key);
    if (name == NULL && !PyErr_Occurred())
        Py_RETURN_NONE;
    return name;
}

static PyObject *
regtab_describe(PyObject *module, PyObject *key)
{
    regtab_state *st = get_regtab_state(module);
    return name_or_default(st, key);
}

static PyMethodDef regtab_methods[] = {
    {"register", regtab_register, METH_VARARGS, "register(key, name): remember a display name."},
    {"lookup", regtab_lookup, METH_O, "lookup(key): the registered name, or None."},
    {"registered", (PyCFunction)registered_name, METH_O, "registered(key): the registered name; KeyError-free, None when missing."},
    {"describe", regtab_describe, METH_O, "describe(key): the registered name, or '<unregistered>'."},
    {NULL, NULL, 0, NULL}
};

static int regtab_exec(PyObject *m);

static PyModuleDef_Slot regtab_slots[] = {
    {Py_mod_exec, (void *)regtab_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef regtab_module = {
    PyModuleDef_HEAD_INIT,
    "regtab",
    "Display names keyed by any hashable object.",
    sizeof(regtab_state),
    regtab_methods,
    regtab_slots,
    regtab_traverse,
    regtab_clear,
    regtab_free
};

static int
regtab_exec(PyObject *m)
{
    regtab_state *st = get_regtab_state(m);
    st->names = PyDict_New();
    if (st->names == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_regtab(void)
{
    return PyModuleDef_Init(&regtab_module);
}
