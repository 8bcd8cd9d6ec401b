#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* tables.c: the entry at i of the decoding table */
int table_lookup(int i, int *op, int *val);

static PyObject *TableError;

static PyObject *
tablegen_lookup(PyObject *self, PyObject *arg)
{
    int op, val;
    long i = PyLong_AsLong(arg);

    if (i == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (i < 0 || i >= 16) {
        PyErr_Format(TableError, "no entry %ld", i);
        return NULL;
    }
    table_lookup((int)i, &op, &val);
    return Py_BuildValue("(ii)", op, val);
}

static PyMethodDef tablegen_methods[] = {
    {"lookup", tablegen_lookup, METH_O, "The table's entry at an index."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef tablegen_module = {
    PyModuleDef_HEAD_INIT, "tablegen", NULL, -1, tablegen_methods,
};

PyMODINIT_FUNC
PyInit_tablegen(void)
{
    PyObject *m = PyModule_Create(&tablegen_module);

    if (m == NULL) {
        return NULL;
    }
    TableError = PyErr_NewException("tablegen.TableError", NULL, NULL);
    if (TableError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(TableError);
    if (PyModule_AddObject(m, "TableError", TableError) < 0) {
        Py_DECREF(TableError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
