/* A single-phase module that already frees its globals in m_free (m_size is -1). */
#include <Python.h>

static PyObject *key_func;
static PyObject *separator;

static PyObject *
hooks_join(PyObject *self, PyObject *items)
{
    return PyUnicode_Join(separator, items);
}

static PyObject *
hooks_key(PyObject *self, PyObject *arg)
{
    return PyObject_CallOneArg(key_func, arg);
}

static PyMethodDef hooks_methods[] = {
    {"join", hooks_join, METH_O, NULL},
    {"key", hooks_key, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static void
hooks_module_free(void *m)
{
    Py_CLEAR(key_func);
}

static struct PyModuleDef hooks_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "hooksmod",
    .m_size = -1,
    .m_methods = hooks_methods,
    .m_free = hooks_module_free,
};

PyMODINIT_FUNC
PyInit_hooksmod(void)
{
    PyObject *m = PyModule_Create(&hooks_module);
    if (m == NULL)
        return NULL;
    separator = PyUnicode_FromString(", ");
    if (separator == NULL)
        goto error;
    key_func = PyObject_GetAttrString((PyObject *)&PyUnicode_Type, "lower");
    if (key_func == NULL)
        goto error;
    return m;
error:
    Py_DECREF(m);
    return NULL;
}
