/* The types are readied and added in a helper the init function calls with the module, a common
 * layout in extensions with several types. The type stays static (the creation would have to
 * move into the exec function); the finding must say how to get it converted. */
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

static int hitcount_exec(PyObject *m);

static PyModuleDef_Slot hitcount_slots[] = {
    {Py_mod_exec, (void *)hitcount_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef hitcount_module = {
    PyModuleDef_HEAD_INIT, "hitcount", NULL, 0, NULL,
    hitcount_slots
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int hitcount_loaded_once = 0;

static int
hitcount_exec(PyObject *m)
{
    if (hitcount_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "hitcount cannot be loaded more than once per process");
        return -1;
    }
    hitcount_loaded_once = 1;
    if (add_types(m) < 0) {
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_hitcount(void)
{
    return PyModuleDef_Init(&hitcount_module);
}
