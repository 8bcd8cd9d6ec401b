/*
 * pathjoin: the init function imports os.path through its module variable and
 * shares one error exit with the code after PyModule_Create, which drops
 * whatever the variable holds at that point.
 */
#include <Python.h>

static PyObject *path_join;         /* os.path.join */

static PyObject *
pathjoin_join(PyObject *self, PyObject *args)
{
    return PyObject_Call(path_join, args, NULL);
}

static PyMethodDef pathjoin_methods[] = {
    {"join", pathjoin_join, METH_VARARGS, "os.path.join(*parts)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef pathjoin_module = {
    PyModuleDef_HEAD_INIT,
    "pathjoin",
    NULL,
    -1,
    pathjoin_methods
};

PyMODINIT_FUNC
PyInit_pathjoin(void)
{
    PyObject *m;

    m = PyImport_ImportModule("os.path");
    if (m == NULL)
        goto fail;
    path_join = PyObject_GetAttrString(m, "join");
    if (path_join == NULL)
        goto fail;
    Py_DECREF(m);

    m = PyModule_Create(&pathjoin_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddStringConstant(m, "sep", "/") < 0)
        goto fail;
    return m;

fail:
    Py_XDECREF(m);
    return NULL;
}
