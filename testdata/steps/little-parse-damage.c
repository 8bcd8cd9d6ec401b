/* PyException_HEAD without its `;`: a little parse damage, far below what blocks. */
#include <Python.h>

typedef struct {
    PyException_HEAD
    PyObject *where;
} ScanErrorObject;

static PyObject *last_token;

static PyObject *
scan_last(PyObject *module, PyObject *unused)
{
    return Py_NewRef(last_token);
}

static PyMethodDef scan_methods[] = {
    {"last", scan_last, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef scan_module = {
    PyModuleDef_HEAD_INIT, "scanmod", NULL, -1, scan_methods,
};

PyMODINIT_FUNC
PyInit_scanmod(void)
{
    PyObject *m = PyModule_Create(&scan_module);
    if (m == NULL) {
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "VERSION", 1) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    last_token = PyUnicode_FromString("");
    if (last_token == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
