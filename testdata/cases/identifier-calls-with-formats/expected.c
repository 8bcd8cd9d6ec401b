/*
 * adaptreg: a small adaptation registry in the style of the PEP 246 helpers
 * that database drivers carry.  Methods are looked up through _Py_IDENTIFIER
 * strings, as CPython's own modules did before 3.12.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *adapters;  /* was: static PyObject *adapters */
    PyObject *str_upper; /* was: _Py_IDENTIFIER(upper) */
    PyObject *str_join;  /* was: _Py_IDENTIFIER(join) */
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
    Py_VISIT(st->str_upper);
    Py_VISIT(st->str_join);
    return 0;
}

static int
adaptreg_clear(PyObject *module)
{
    adaptreg_state *st = get_adaptreg_state(module);
    Py_CLEAR(st->adapters);
    Py_CLEAR(st->str_upper);
    Py_CLEAR(st->str_join);
    return 0;
}

static void
adaptreg_free(void *module)
{
    (void)adaptreg_clear((PyObject *)module);
}

static PyObject *
adaptreg_register(PyObject *self, PyObject *args)
{
    adaptreg_state *st = get_adaptreg_state(self);
    PyObject *type, *adapter;

    if (!PyArg_ParseTuple(args, "OO", &type, &adapter))
        return NULL;
    if (PyDict_SetItem(st->adapters, type, adapter) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
adaptreg_adapt(PyObject *self, PyObject *obj)
{
    adaptreg_state *st = get_adaptreg_state(self);
    PyObject *adapter = PyDict_GetItemWithError(st->adapters, (PyObject *)Py_TYPE(obj));

    if (adapter != NULL)
        return PyObject_CallOneArg(adapter, obj);
    if (PyErr_Occurred())
        return NULL;
    /* a tuple given to "O" becomes the argument list: keep that meaning */
    {
        _Py_IDENTIFIER(__conform__);
        if (PyObject_HasAttrString(obj, "__conform__"))
            return _PyObject_CallMethodId(obj, &PyId___conform__, "O", self);
    }
    Py_INCREF(obj);
    return obj;
}

static PyObject *
adaptreg_shout(PyObject *self, PyObject *text)
{
    adaptreg_state *st = get_adaptreg_state(self);

    return PyObject_CallMethodNoArgs(text, st->str_upper);
}

static PyObject *
adaptreg_joined(PyObject *self, PyObject *args)
{
    adaptreg_state *st = get_adaptreg_state(self);
    PyObject *sep, *a, *b, *pair, *res;

    if (!PyArg_ParseTuple(args, "OOO", &sep, &a, &b))
        return NULL;
    pair = PyTuple_Pack(2, a, b);
    if (pair == NULL)
        return NULL;
    if (PyUnicode_Check(sep))
        res = PyObject_CallMethodObjArgs(sep, st->str_join, pair, NULL);
    else
        res = PyObject_CallMethodObjArgs(sep, st->str_join, a, b, NULL);
    Py_DECREF(pair);
    return res;
}

static PyMethodDef adaptreg_methods[] = {
    {"register", adaptreg_register, METH_VARARGS, "register(type, adapter)"},
    {"adapt", adaptreg_adapt, METH_O, "adapt(obj)"},
    {"shout", adaptreg_shout, METH_O, "shout(text)"},
    {"joined", adaptreg_joined, METH_VARARGS, "joined(sep, a, b)"},
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
    "Adaptation registry.",
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

    st->str_upper = PyUnicode_InternFromString("upper");
    if (st->str_upper == NULL)
        return -1;
    st->str_join = PyUnicode_InternFromString("join");
    if (st->str_join == NULL)
        return -1;
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
