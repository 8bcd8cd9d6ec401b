#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long total;
} CounterObject;

static PyObject *
Counter_add(CounterObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    self->total += v;
    return PyLong_FromLong(self->total);
}

static void
Counter_dealloc(CounterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyMethodDef Counter_methods[] = {
    {"add", (PyCFunction)Counter_add, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Counter_slots[] = {
    {Py_tp_dealloc, Counter_dealloc},
    {Py_tp_methods, Counter_methods},
    {Py_tp_new, PyType_GenericNew},
    {0, NULL}
};

static PyType_Spec Counter_spec = {
    "keepmod.Counter", sizeof(CounterObject), 0, Py_TPFLAGS_DEFAULT, Counter_slots
};

static PyMethodDef keep_methods[] = {
    {NULL, NULL, 0, NULL}
};

/* The types live here, declared next to the module code (the old CPython idiom): the state
   struct the tool generates goes below this typedef, which no code above needs. */
typedef struct {
    PyTypeObject *Counter_type;
} keepmod_state;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    keepmod_state static_state; /* was: static keepmod_state static_state */
} keepmod_module_state;

static inline keepmod_module_state *
get_keepmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (keepmod_module_state *)state;
}

static int
keep_traverse(PyObject *module, visitproc visit, void *arg)
{
    keepmod_module_state *st = get_keepmod_state(module);
    Py_VISIT(st->static_state.Counter_type);
    return 0;
}

static int
keep_clear(PyObject *module)
{
    keepmod_module_state *st = get_keepmod_state(module);
    Py_CLEAR(st->static_state.Counter_type);
    return 0;
}

static void
keep_free(void *module)
{
    keep_clear((PyObject *)module);
}

static int keepmod_exec(PyObject *module);

static PyModuleDef_Slot keepmod_slots[] = {
    {Py_mod_exec, (void *)keepmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static PyModuleDef keepmodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "keepmod",
    .m_size = sizeof(keepmod_module_state),
    .m_methods = keep_methods,
    .m_traverse = keep_traverse,
    .m_clear = keep_clear,
    .m_free = keep_free,
    .m_slots = keepmod_slots
};

static int
add_type(PyObject *module, const char *name, PyType_Spec *spec, PyTypeObject **dest)
{
    PyObject *tp = PyType_FromSpec(spec);
    if (tp == NULL) {
        /* 3.12 and 3.13 can fail to copy the name without setting MemoryError */
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        return -1;
    }
    if (PyModule_AddObject(module, name, tp) < 0) {
        Py_DECREF(tp);
        return -1;
    }
    Py_INCREF(tp);
    *dest = (PyTypeObject *)tp;
    return 0;
}

static int
keepmod_exec(PyObject *module)
{
    keepmod_module_state *st = get_keepmod_state(module);
    if (add_type(module, "Counter", &Counter_spec, &st->static_state.Counter_type) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_keepmod(void)
{
    return PyModuleDef_Init(&keepmodule);
}
