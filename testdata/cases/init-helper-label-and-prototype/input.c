/* The init work lives in a helper declared at the top (PyInit only returns its result), and the
 * helper leaves through labels: `exit` is only reached from the module creation's NULL check,
 * `error` also from the code after it. */
#include <Python.h>

static PyObject *moduleinit(void);

static PyObject *default_title;

static PyObject *
get_default(PyObject *module, PyObject *unused)
{
    Py_INCREF(default_title);
    return default_title;
}

static PyMethodDef title_methods[] = {
    {"get_default", get_default, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef title_module = {
    PyModuleDef_HEAD_INIT,
    "proctitle",
    NULL,
    -1,
    title_methods,
    NULL,
    NULL,
    NULL,
    NULL
};

static PyObject *
moduleinit(void)
{
    PyObject *m;

    m = PyModule_Create(&title_module);
    if (m == NULL) { goto exit; }

    default_title = PyUnicode_FromString("python");
    if (default_title == NULL) { goto error; }
    if (PyModule_AddIntConstant(m, "MAX_LENGTH", 255) < 0) { goto error; }

exit:
    return m;

error:
    Py_DECREF(m);
    return NULL;
}

PyMODINIT_FUNC
PyInit_proctitle(void)
{
    return moduleinit();
}
