/* Module creation inside the condition of an if, and a global filled afterwards. */
#include <Python.h>

static PyObject *zero;

static PyObject *
cond_zero(PyObject *self, PyObject *unused)
{
    Py_INCREF(zero);
    return zero;
}

static PyMethodDef cond_methods[] = {
    {"zero", cond_zero, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef cond_module = {
    PyModuleDef_HEAD_INIT, "condmod", NULL, -1, cond_methods
};

PyMODINIT_FUNC
PyInit_condmod(void)
{
    PyObject *m;

    if ((m = PyModule_Create(&cond_module)) == NULL)
        return NULL;
    if ((zero = PyLong_FromLong(0)) == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
