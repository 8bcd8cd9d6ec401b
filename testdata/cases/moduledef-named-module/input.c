/* The module's PyModuleDef is simply called `module` (bitstruct's c.c names it so); the module has one
 * static type whose methods need nothing but their own instance. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

static PyObject *label = NULL;

static PyObject *
counter_bump(CounterObject *self, PyObject *unused)
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyObject *
counter_label(CounterObject *self, PyObject *unused)
{
    Py_INCREF(label);
    return label;
}

static PyMethodDef counter_methods[] = {
    {"label", (PyCFunction)counter_label, METH_NOARGS, "the module's label"},
    {"bump", (PyCFunction)counter_bump, METH_NOARGS, "add one and return the count"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject counter_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "countmod.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_methods = counter_methods,
    .tp_new = PyType_GenericNew,
};

static PyObject *
make_counter(PyObject *self, PyObject *unused)
{
    return PyObject_CallObject((PyObject *)&counter_type, NULL);
}

static PyMethodDef module_methods[] = {
    {"make_counter", make_counter, METH_NOARGS, "a new Counter"},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "countmod",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit_countmod(void)
{
    PyObject *module_p;

    label = PyUnicode_FromString("counter");
    if (label == NULL)
        return NULL;
    if (PyType_Ready(&counter_type) < 0)
        return NULL;
    module_p = PyModule_Create(&module);
    if (module_p == NULL)
        return NULL;
    Py_INCREF(&counter_type);
    if (PyModule_AddObject(module_p, "Counter", (PyObject *)&counter_type) < 0) {
        Py_DECREF(&counter_type);
        Py_DECREF(module_p);
        return NULL;
    }
    return module_p;
}
