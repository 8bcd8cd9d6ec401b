/* The types are readied and added in a helper the init function calls with the module, a common
 * layout in extensions with several types. The helper creates the heap type with the module it
 * is given, and finds the state through it. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long hits;
} CounterObject;

static PyObject *
counter_hit(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->hits++;
    return PyLong_FromLong(self->hits);
}

static PyMethodDef counter_methods[] = {
    {"hit", (PyCFunction)counter_hit, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Counter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hitcount.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = counter_methods,
    .tp_new = PyType_GenericNew,
};

static int
add_types(PyObject *module)
{
    if (PyType_Ready(&Counter_Type) < 0)
        return -1;
    Py_INCREF(&Counter_Type);
    if (PyModule_AddObject(module, "Counter", (PyObject *)&Counter_Type) < 0) {
        Py_DECREF(&Counter_Type);
        return -1;
    }
    return 0;
}

static struct PyModuleDef hitcount_module = {
    PyModuleDef_HEAD_INIT, "hitcount", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_hitcount(void)
{
    PyObject *m = PyModule_Create(&hitcount_module);
    if (m == NULL)
        return NULL;
    if (add_types(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
