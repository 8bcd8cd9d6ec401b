/* A static type added to the module without a Py_INCREF of its own (a static type is never freed,
 * so the original needed none; zope.i18nmessageid and other older extensions write it so), next to
 * one added the usual way. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long ticks;
} ClockObject;

static PyObject *
clock_tick(ClockObject *self, PyObject *unused)
{
    return PyLong_FromLong(++self->ticks);
}

static PyMethodDef clock_methods[] = {
    {"tick", (PyCFunction)clock_tick, METH_NOARGS, "advance and return the tick count"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject ClockType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "clocks.Clock",
    .tp_basicsize = sizeof(ClockObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_methods = clock_methods,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject AlarmType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "clocks.Alarm",
    .tp_basicsize = sizeof(ClockObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef clocks_module = {
    PyModuleDef_HEAD_INIT, "clocks", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_clocks(void)
{
    PyObject *m;

    AlarmType.tp_base = &ClockType;
    if (PyType_Ready(&ClockType) < 0 || PyType_Ready(&AlarmType) < 0)
        return NULL;
    m = PyModule_Create(&clocks_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddObject(m,
                           "Clock",
                           (PyObject *)&ClockType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&AlarmType);
    if (PyModule_AddObject(m, "Alarm", (PyObject *)&AlarmType) < 0) {
        Py_DECREF(&AlarmType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
