/*
 * tally: a Counter type that counts into the module's own state struct,
 * found through PyState_FindModule (a single-phase module that already
 * declares m_size, the PEP 3121 porting style).
 */
#include <Python.h>

typedef struct {
    PyObject *registry;     /* name -> Counter */
    long created;
} tally_state;

static struct PyModuleDef tally_module;

#define tally_state_of(m) ((tally_state *)PyModule_GetState(m))

static tally_state *
tally_global_state(void)
{
    PyObject *m = PyState_FindModule(&tally_module);

    if (m == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "tally is not initialized");
        return NULL;
    }
    return tally_state_of(m);
}

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

static int
Counter_init(CounterObject *self, PyObject *args, PyObject *kwds)
{
    const char *name = NULL;
    static char *kwlist[] = {"name", NULL};
    tally_state *st;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|s", kwlist, &name))
        return -1;
    st = tally_global_state();
    if (st == NULL)
        return -1;
    st->created++;
    if (name != NULL && PyDict_SetItemString(st->registry, name, (PyObject *)self) < 0)
        return -1;
    self->count = 0;
    return 0;
}

static PyObject *
Counter_bump(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Counter_methods[] = {
    {"bump", (PyCFunction)Counter_bump, METH_NOARGS, "bump() -> new count"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tally.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Counter_methods,
    .tp_init = (initproc)Counter_init,
    .tp_new = PyType_GenericNew,
};

static PyObject *
tally_created(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(tally_state_of(module)->created);
}

static PyObject *
tally_lookup(PyObject *module, PyObject *name)
{
    PyObject *c = PyDict_GetItemWithError(tally_state_of(module)->registry, name);

    if (c == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, name);
        return NULL;
    }
    Py_INCREF(c);
    return c;
}

static int
tally_traverse(PyObject *m, visitproc visit, void *arg)
{
    Py_VISIT(tally_state_of(m)->registry);
    return 0;
}

static int
tally_clear(PyObject *m)
{
    Py_CLEAR(tally_state_of(m)->registry);
    return 0;
}

static PyMethodDef tally_methods[] = {
    {"created", tally_created, METH_NOARGS, "how many counters were made"},
    {"lookup", tally_lookup, METH_O, "the counter made with this name"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT,
    "tally",
    NULL,
    sizeof(tally_state),
    tally_methods,
    NULL,
    tally_traverse,
    tally_clear,
    NULL
};

PyMODINIT_FUNC
PyInit_tally(void)
{
    PyObject *m;

    if (PyType_Ready(&CounterType) < 0)
        return NULL;
    m = PyModule_Create(&tally_module);
    if (m == NULL)
        return NULL;
    tally_state_of(m)->registry = PyDict_New();
    tally_state_of(m)->created = 0;
    if (tally_state_of(m)->registry == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
