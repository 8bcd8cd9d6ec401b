/* adaptreg: a registry of adapters. Its module functions were moved out of an object's method
 * table once and kept that object's `self` type (listed with a (PyCFunction) cast, as old
 * sqlite modules do): their first parameter is the module all the same. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *protocol;
} AdapterContext;

static PyObject *adapters;

static PyObject *
adaptreg_register(AdapterContext *self, PyObject *args)
{
    PyObject *type, *adapter;
    if (!PyArg_ParseTuple(args, "OO:register", &type, &adapter))
        return NULL;
    if (PyDict_SetItem(adapters, type, adapter) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
adaptreg_adapt(AdapterContext *self, PyObject *obj)
{
    PyObject *adapter = PyDict_GetItemWithError(adapters, (PyObject *)Py_TYPE(obj));
    if (adapter == NULL) {
        if (PyErr_Occurred())
            return NULL;
        Py_INCREF(obj);
        return obj;
    }
    return PyObject_CallOneArg(adapter, obj);
}

static PyMethodDef adaptreg_methods[] = {
    {"register", (PyCFunction)adaptreg_register, METH_VARARGS, "register(type, adapter)"},
    {"adapt", (PyCFunction)adaptreg_adapt, METH_O, "adapt(obj): obj through the adapter of its type"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef adaptreg_module = {
    PyModuleDef_HEAD_INIT,
    "adaptreg",
    "A registry of adapters by type.",
    -1,
    adaptreg_methods
};

PyMODINIT_FUNC
PyInit_adaptreg(void)
{
    PyObject *m = PyModule_Create(&adaptreg_module);
    if (m == NULL)
        return NULL;
    adapters = PyDict_New();
    if (adapters == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
