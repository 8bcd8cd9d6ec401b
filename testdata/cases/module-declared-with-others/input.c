/* The init declares the module variable in one declaration with the others it needs:
 * `PyObject *m = PyModule_Create(&def), *err, *version;`. */
#include <Python.h>

static PyObject *DeclError;

static PyObject *
fail(PyObject *module, PyObject *noargs)
{
    PyErr_SetString(DeclError, "failed on purpose");
    return NULL;
}

static PyMethodDef methods[] = {
    {"fail", fail, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "declmod", NULL, -1, methods};

PyMODINIT_FUNC
PyInit_declmod(void)
{
    PyObject *err, *m = PyModule_Create(&def), *version;
    if (m == NULL)
        return NULL;
    err = PyErr_NewException("declmod.Error", NULL, NULL);
    if (err == NULL)
        return NULL;
    DeclError = err;
    Py_INCREF(err);
    if (PyModule_AddObject(m, "Error", err) < 0)
        return NULL;
    version = PyUnicode_FromString("1.0");
    if (version == NULL || PyModule_AddObject(m, "__version__", version) < 0)
        return NULL;
    return m;
}
