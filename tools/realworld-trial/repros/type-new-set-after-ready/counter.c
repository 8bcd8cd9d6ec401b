/* A static type whose tp_new is filled in by init after PyType_Ready (the old tutorial's
 * `T.tp_new = PyType_GenericNew;`, placed after the Ready call), next to one that has it in its
 * initializer. Both are created the same way; only the first is left manual. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long value;
} CounterObject;

static int
counter_init(CounterObject *self, PyObject *args, PyObject *kwds)
{
    self->value = 0;
    return PyArg_ParseTuple(args, "|l", &self->value) ? 0 : -1;
}

static PyObject *
counter_bump(CounterObject *self, PyObject *unused)
{
    return PyLong_FromLong(++self->value);
}

static PyMethodDef counter_methods[] = {
    {"bump", (PyCFunction)counter_bump, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "counter.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_init = (initproc)counter_init,
    .tp_methods = counter_methods,
};

static PyTypeObject TallyType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "counter.Tally",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_init = (initproc)counter_init,
    .tp_methods = counter_methods,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef counter_module = {PyModuleDef_HEAD_INIT, "counter", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_counter(void)
{
    PyObject *m;
    if (PyType_Ready(&CounterType) < 0 || PyType_Ready(&TallyType) < 0)
        return NULL;
    m = PyModule_Create(&counter_module);
    if (m == NULL)
        return NULL;
    CounterType.tp_new = PyType_GenericNew;
    Py_INCREF(&CounterType);
    PyModule_AddObject(m, "Counter", (PyObject *)&CounterType);
    Py_INCREF(&TallyType);
    PyModule_AddObject(m, "Tally", (PyObject *)&TallyType);
    return m;
}
