/* A multi-phase module that is not isolated yet: its m_free takes no parameters and is named in
 * the def through a cast (the C port of a 3.9 stdlib module does this). */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *cache;  /* was: static PyObject *cache */
    PyObject *joiner; /* was: static PyObject *joiner */
} keep_state;

static inline keep_state *
get_keep_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (keep_state *)state;
}

static int
keep_traverse(PyObject *module, visitproc visit, void *arg)
{
    keep_state *st = get_keep_state(module);
    Py_VISIT(st->cache);
    Py_VISIT(st->joiner);
    return 0;
}

static int
keep_clear(PyObject *module)
{
    keep_state *st = get_keep_state(module);
    Py_CLEAR(st->cache);
    Py_CLEAR(st->joiner);
    return 0;
}

static PyObject *
remember(PyObject *self, PyObject *arg)
{
    keep_state *st = get_keep_state(self);
    if (PyDict_SetItem(st->cache, arg, Py_True) < 0) {
        return NULL;
    }
    return PyLong_FromSsize_t(PyDict_Size(st->cache));
}

static PyObject *
joined(PyObject *self, PyObject *args)
{
    keep_state *st = get_keep_state(self);
    PyObject *keys = PyDict_Keys(st->cache);
    if (keys == NULL) {
        return NULL;
    }
    if (PyList_Sort(keys) < 0) {
        Py_DECREF(keys);
        return NULL;
    }
    PyObject *out = PyObject_CallOneArg(st->joiner, keys);
    Py_DECREF(keys);
    return out;
}

static PyMethodDef keep_methods[] = {
    {"remember", remember, METH_O, NULL},
    {"joined", joined, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static void
module_free(void *module)
{
    keep_state *st = get_keep_state(module);
    Py_CLEAR(st->cache);
    Py_CLEAR(st->joiner);
    st->joiner = NULL;
}

static int
keep_exec(PyObject *m)
{
    keep_state *st = get_keep_state(m);
    st->cache = PyDict_New();
    if (st->cache == NULL) {
        return -1;
    }
    st->joiner = PyObject_GetAttrString(m, "__name__");
    if (st->joiner == NULL) {
        return -1;
    }
    Py_SETREF(st->joiner, PyUnicode_FromString(","));
    if (st->joiner == NULL) {
        return -1;
    }
    Py_SETREF(st->joiner, PyObject_GetAttrString(st->joiner, "join"));
    if (st->joiner == NULL) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot keep_slots[] = {
    {Py_mod_exec, keep_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL}
};

static struct PyModuleDef keep_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "keep",
    .m_size = sizeof(keep_state),
    .m_methods = keep_methods,
    .m_slots = keep_slots,
    .m_free = (freefunc)module_free,
    .m_traverse = keep_traverse,
    .m_clear = keep_clear,
};

PyMODINIT_FUNC
PyInit_keep(void)
{
    return PyModuleDef_Init(&keep_module);
}
