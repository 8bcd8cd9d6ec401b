/* A module that keeps itself in a global: module functions and a type's method read it. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *keeper_module = NULL;

static PyObject *
keeper_twice(PyObject *self, PyObject *arg)
{
    return PyNumber_Add(arg, arg);
}

/* Calls a function of the module by name, through the global. */
static PyObject *
keeper_quadruple(PyObject *self, PyObject *arg)
{
    PyObject *two, *four;

    two = PyObject_CallMethod(keeper_module, "twice", "(O)", arg);
    if (two == NULL)
        return NULL;
    four = PyObject_CallMethod(keeper_module, "twice", "(O)", two);
    Py_DECREF(two);
    return four;
}

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

/* Counter.bump() reads the module's `step` attribute through the global. */
static PyObject *
Counter_bump(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *step = PyObject_GetAttrString(keeper_module, "step");
    long n;

    if (step == NULL)
        return NULL;
    n = PyLong_AsLong(step);
    Py_DECREF(step);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    self->count += n;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Counter_methods[] = {
    {"bump", (PyCFunction)Counter_bump, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "keeper.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Counter_methods,
    .tp_new = PyType_GenericNew,
};

static PyMethodDef keeper_methods[] = {
    {"twice", keeper_twice, METH_O, NULL},
    {"quadruple", keeper_quadruple, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef keepermodule = {
    PyModuleDef_HEAD_INIT, "keeper", NULL, -1, keeper_methods
};

PyMODINIT_FUNC
PyInit_keeper(void)
{
    if (PyType_Ready(&CounterType) < 0)
        return NULL;
    keeper_module = PyModule_Create(&keepermodule);
    if (keeper_module == NULL)
        return NULL;
    if (PyModule_AddIntConstant(keeper_module, "step", 2) < 0)
        return NULL;
    Py_INCREF(&CounterType);
    if (PyModule_AddObject(keeper_module, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        return NULL;
    }
    return keeper_module;
}
