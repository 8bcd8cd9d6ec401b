/* units: two value types readied and added by one macro, in one condition, without a reference of
 * their own for the module: a static type needs none, PyModule_AddObject takes the address. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    double amount;
} UnitObject;

static int
Unit_init(UnitObject *self, PyObject *args, PyObject *kwds)
{
    if (!PyArg_ParseTuple(args, "d", &self->amount))
        return -1;
    return 0;
}

static PyObject *
Unit_value(UnitObject *self, PyObject *noargs)
{
    return PyFloat_FromDouble(self->amount);
}

static PyMethodDef Unit_methods[] = {
    {"value", (PyCFunction)Unit_value, METH_NOARGS, "The amount."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject MeterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "units.Meter",
    .tp_basicsize = sizeof(UnitObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Unit_methods,
    .tp_init = (initproc)Unit_init,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject SecondType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "units.Second",
    .tp_basicsize = sizeof(UnitObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Unit_methods,
    .tp_init = (initproc)Unit_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef units_module = {
    PyModuleDef_HEAD_INIT, "units", "Meters and seconds.", -1, NULL
};

#define READY_AND_ADD(module, name, type)                           \
    if (PyType_Ready(&type) < 0 ||                                  \
        PyModule_AddObject(module, name, (PyObject *)&type) < 0)    \
        goto error

PyMODINIT_FUNC
PyInit_units(void)
{
    PyObject *m = PyModule_Create(&units_module);
    if (m == NULL)
        return NULL;
    READY_AND_ADD(m, "Meter", MeterType);
    READY_AND_ADD(m, "Second", SecondType);
    return m;
error:
    Py_DECREF(m);
    return NULL;
}
