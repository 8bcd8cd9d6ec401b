/* Counters whose init sets each type's metatype to &PyType_Type before readying it (the old idiom
 * from before PyVarObject_HEAD_INIT could name it portably), in both spellings. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

static PyObject *
Counter_bump(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Counter_methods[] = {
    {"bump", (PyCFunction)Counter_bump, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Counter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "counters.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Counter_methods,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject Tally_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "counters.Tally",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Counter_methods,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef counters_module = {
    PyModuleDef_HEAD_INIT, "counters", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_counters(void)
{
    PyObject *m;
    Counter_Type.ob_base.ob_base.ob_type = &PyType_Type; /* Py_TYPE() = ... before 3.11 */
    if (PyType_Ready(&Counter_Type) < 0)
        return NULL;
    Py_SET_TYPE(&Tally_Type, &PyType_Type); /* the same, as a call */
    if (PyType_Ready(&Tally_Type) < 0)
        return NULL;
    m = PyModule_Create(&counters_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Counter_Type);
    if (PyModule_AddObject(m, "Counter", (PyObject *)&Counter_Type) < 0) {
        Py_DECREF(&Counter_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Tally_Type);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&Tally_Type) < 0) {
        Py_DECREF(&Tally_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
