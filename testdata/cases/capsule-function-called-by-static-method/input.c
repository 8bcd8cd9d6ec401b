/* A C-API table function that needs the module's exception, called by a method of a type that
 * stays static (set up before PyType_Ready: a human decides). The module then loads once per
 * process, and the method, which has no state, calls the function with the one main module and no
 * interpreter check; old consumers keep the checked entry of the table. */
#include <Python.h>
#include <limits.h>

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

static PyObject *TallyError;
static PyTypeObject CounterType;

/* Exported in the table: gets the object, and raises the module's exception. */
static int
Counter_Bump(PyObject *op, long n)
{
    CounterObject *c = (CounterObject *)op;
    if (n > 0 && c->count > LONG_MAX - n) {
        PyErr_SetString(TallyError, "counter overflow");
        return -1;
    }
    c->count += n;
    return 0;
}

static PyObject *
counter_bump(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (Counter_Bump(self, n) < 0)
        return NULL;
    return PyLong_FromLong(((CounterObject *)self)->count);
}

static PyMethodDef counter_methods[] = {
    {"bump", counter_bump, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tally.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = counter_methods,
    .tp_new = PyType_GenericNew,
};

/* A module function: it has the module, so it passes its own state. */
static PyObject *
tally_bump(PyObject *module, PyObject *args)
{
    PyObject *c;
    long n;
    if (!PyArg_ParseTuple(args, "O!l", &CounterType, &c, &n))
        return NULL;
    if (Counter_Bump(c, n) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef tally_functions[] = {
    {"bump", tally_bump, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT, "tally", NULL, -1, tally_functions,
};

PyMODINIT_FUNC
PyInit_tally(void)
{
    static void *api[1];
    PyObject *m, *capsule;

    Py_SET_TYPE(&CounterType, Py_TYPE(&PyBaseObject_Type));
    if (PyType_Ready(&CounterType) < 0)
        return NULL;
    m = PyModule_Create(&tally_module);
    if (m == NULL)
        return NULL;
    TallyError = PyErr_NewException("tally.TallyError", NULL, NULL);
    if (TallyError == NULL || PyModule_AddObject(m, "TallyError", TallyError) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(TallyError);
    Py_INCREF(&CounterType);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(&CounterType);
        Py_DECREF(m);
        return NULL;
    }
    api[0] = (void *)Counter_Bump;
    capsule = PyCapsule_New((void *)api, "tally._C_API", NULL);
    if (PyModule_AddObject(m, "_C_API", capsule) < 0) {
        Py_XDECREF(capsule);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
