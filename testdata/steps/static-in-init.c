/* A function static of the init function: its state field says where it came
 * from by the name the function has after the conversion. */
#include <Python.h>

/* Same name as the init's static: that one's field takes its function's name as a prefix. */
static PyObject *version;

static PyObject *
once_get(PyObject *module, PyObject *unused)
{
    if (version == NULL) {
        version = PyUnicode_FromString("0.9");
    }
    return Py_XNewRef(version);
}

static PyMethodDef once_methods[] = {
    {"get", once_get, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef once_module = {
    PyModuleDef_HEAD_INIT, "oncemod", NULL, -1, once_methods,
};

PyMODINIT_FUNC
PyInit_oncemod(void)
{
    static PyObject *version = NULL;
    PyObject *m = PyModule_Create(&once_module);
    if (m == NULL) {
        return NULL;
    }
    version = PyUnicode_FromString("1.0");
    if (version == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddObjectRef(m, "VERSION", version) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
