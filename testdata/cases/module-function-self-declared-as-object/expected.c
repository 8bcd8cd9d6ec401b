/* adaptreg: a registry of adapters. Its module functions were moved out of an object's method
 * table once and kept that object's `self` type (listed with a (PyCFunction) cast, as old
 * sqlite modules do): their first parameter is the module all the same. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *protocol;
} AdapterContext;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *adapters; /* was: static PyObject *adapters */
} adaptreg_state;

static inline adaptreg_state *
get_adaptreg_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (adaptreg_state *)state;
}

static int
adaptreg_traverse(PyObject *module, visitproc visit, void *arg)
{
    adaptreg_state *st = get_adaptreg_state(module);
    Py_VISIT(st->adapters);
    return 0;
}

static int
adaptreg_clear(PyObject *module)
{
    adaptreg_state *st = get_adaptreg_state(module);
    Py_CLEAR(st->adapters);
    return 0;
}

static void
adaptreg_free(void *module)
{
    (void)adaptreg_clear((PyObject *)module);
}

static PyObject *
adaptreg_register(AdapterContext *self, PyObject *args)
{
    adaptreg_state *st = get_adaptreg_state((PyObject *)self);
    PyObject *type, *adapter;
    if (!PyArg_ParseTuple(args, "OO:register", &type, &adapter))
        return NULL;
    if (PyDict_SetItem(st->adapters, type, adapter) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
adaptreg_adapt(AdapterContext *self, PyObject *obj)
{
    adaptreg_state *st = get_adaptreg_state((PyObject *)self);
    PyObject *adapter = PyDict_GetItemWithError(st->adapters, (PyObject *)Py_TYPE(obj));
    if (adapter == NULL) {
        if (PyErr_Occurred())
            return NULL;
        Py_INCREF(obj);
        return obj;
    }
    return PyObject_CallOneArg(adapter, obj);
}

static PyMethodDef adaptreg_methods[] = {
    {"register", (PyCFunction)adaptreg_register, METH_VARARGS, "register(type, adapter)"},
    {"adapt", (PyCFunction)adaptreg_adapt, METH_O, "adapt(obj): obj through the adapter of its type"},
    {NULL, NULL, 0, NULL}
};

static int adaptreg_exec(PyObject *m);

static PyModuleDef_Slot adaptreg_slots[] = {
    {Py_mod_exec, (void *)adaptreg_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef adaptreg_module = {
    PyModuleDef_HEAD_INIT,
    "adaptreg",
    "A registry of adapters by type.",
    sizeof(adaptreg_state),
    adaptreg_methods,
    adaptreg_slots,
    adaptreg_traverse,
    adaptreg_clear,
    adaptreg_free
};

static int
adaptreg_exec(PyObject *m)
{
    adaptreg_state *st = get_adaptreg_state(m);
    st->adapters = PyDict_New();
    if (st->adapters == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_adaptreg(void)
{
    return PyModuleDef_Init(&adaptreg_module);
}
