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

static keepmod_state static_state;

static int
keep_traverse(PyObject *module, visitproc visit, void *arg)
{
    Py_VISIT(static_state.Counter_type);
    return 0;
}

static int
keep_clear(PyObject *module)
{
    Py_CLEAR(static_state.Counter_type);
    return 0;
}

static void
keep_free(void *module)
{
    keep_clear((PyObject *)module);
}

static PyModuleDef keepmodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "keepmod",
    .m_size = -1,
    .m_methods = keep_methods,
    .m_traverse = keep_traverse,
    .m_clear = keep_clear,
    .m_free = keep_free
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

PyMODINIT_FUNC
PyInit_keepmod(void)
{
    PyObject *module = PyModule_Create(&keepmodule);
    if (module == NULL)
        return NULL;
    if (add_type(module, "Counter", &Counter_spec, &static_state.Counter_type) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
