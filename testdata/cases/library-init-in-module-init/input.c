/*
 * dbclient: bindings of a database client library that must be initialized before use; the
 * module's init starts it, as mysqlclient does with mysql_library_init().
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

int dblib_library_init(int argc, char **argv, char **groups);
int dblib_ready(void);
unsigned long dblib_escape(char *to, const char *from, unsigned long length);

static PyObject *
dbclient_escape_string(PyObject *self, PyObject *args)
{
    const char *from;
    Py_ssize_t len;
    PyObject *result;
    char *to;

    if (!PyArg_ParseTuple(args, "s#:escape_string", &from, &len))
        return NULL;
    to = PyMem_Malloc(2 * (size_t)len + 1);
    if (to == NULL)
        return PyErr_NoMemory();
    len = (Py_ssize_t)dblib_escape(to, from, (unsigned long)len);
    result = PyBytes_FromStringAndSize(to, len);
    PyMem_Free(to);
    return result;
}

static PyObject *
dbclient_ready(PyObject *self, PyObject *unused)
{
    return PyBool_FromLong(dblib_ready());
}

static PyMethodDef dbclient_methods[] = {
    {"escape_string", dbclient_escape_string, METH_VARARGS, "Escape quotes and backslashes."},
    {"ready", dbclient_ready, METH_NOARGS, "Whether the client library was initialized."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef dbclient_module = {
    PyModuleDef_HEAD_INIT,
    "dbclient",
    "Bindings of a database client library.",
    -1,
    dbclient_methods,
};

PyMODINIT_FUNC
PyInit_dbclient(void)
{
    PyObject *module;

    if (dblib_library_init(0, NULL, NULL)) {
        PyErr_SetString(PyExc_ImportError, "dbclient: dblib_library_init failed");
        return NULL;
    }
    module = PyModule_Create(&dbclient_module);
    if (module == NULL)
        return NULL;
    if (PyModule_AddStringConstant(module, "__version__", "1.4.0") < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
