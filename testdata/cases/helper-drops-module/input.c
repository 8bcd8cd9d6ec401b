/* A setup helper gets the module from the init function and, on its error path, releases it
 * itself. Under multi-phase init the import machinery owns the module, so that drop would free it
 * twice once the helper runs from the exec function. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    double celsius;
} ThermoObject;

static PyObject *
thermo_fahrenheit(ThermoObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyFloat_FromDouble(self->celsius * 9.0 / 5.0 + 32.0);
}

static PyMethodDef thermo_methods[] = {
    {"fahrenheit", (PyCFunction)thermo_fahrenheit, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Thermo_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "thermo.Thermo",
    .tp_basicsize = sizeof(ThermoObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = thermo_methods,
    .tp_new = PyType_GenericNew,
};

static int
register_types(PyObject *module)
{
    if (PyType_Ready(&Thermo_Type) < 0) {
        Py_DECREF(module);
        return -1;
    }
    Py_INCREF(&Thermo_Type);
    if (PyModule_AddObject(module, "Thermo", (PyObject *)&Thermo_Type) < 0) {
        Py_DECREF(&Thermo_Type);
        Py_DECREF(module);
        return -1;
    }
    return 0;
}

static struct PyModuleDef thermo_module = {
    PyModuleDef_HEAD_INIT, "thermo", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_thermo(void)
{
    PyObject *m = PyModule_Create(&thermo_module);
    if (m == NULL)
        return NULL;
    if (register_types(m) < 0)
        return NULL;
    if (PyModule_AddStringConstant(m, "unit", "celsius") < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
