/* The init uses its module only under #ifdef (a constant added when the build defines COND_EXTRA): the
 * converted exec names its parameter there only, so a build without COND_EXTRA would warn that it is
 * unused, and Py_UNUSED() would rename it for the builds that use it. `(void)m;` before the last return
 * uses it in every build. */
#include <Python.h>

static PyObject *
cond_hello(PyObject *Py_UNUSED(self), PyObject *Py_UNUSED(args))
{
    return PyLong_FromLong(1);
}

static PyMethodDef cond_methods[] = {
    {"hello", cond_hello, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef cond_module = {
    PyModuleDef_HEAD_INIT, "cond", NULL, -1, cond_methods,
};

PyMODINIT_FUNC
PyInit_cond(void)
{
    PyObject *m = PyModule_Create(&cond_module);
    if (m == NULL)
        return NULL;
#ifdef COND_EXTRA
    if (PyModule_AddIntConstant(m, "EXTRA", 1) < 0) {
        Py_DECREF(m);
        return NULL;
    }
#endif
    return m;
}
