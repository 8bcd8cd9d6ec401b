/* Two exceptions kept in globals: each created, then a run of Py_INCREFs (the globals' references), then
 * both added in one `||` chain, whose PyModule_AddObject steals the creation's references (py-lz4framed). */
#include <Python.h>

static PyObject *ErrorA = NULL;
static PyObject *ErrorB = NULL;

static PyObject *
raise_a(PyObject *self, PyObject *unused)
{
    PyErr_SetString(ErrorA, "a");
    return NULL;
}

static PyObject *
raise_b(PyObject *self, PyObject *unused)
{
    PyErr_SetString(ErrorB, "b");
    return NULL;
}

static PyMethodDef errs_methods[] = {
    {"raise_a", raise_a, METH_NOARGS, NULL},
    {"raise_b", raise_b, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef errs_module = {PyModuleDef_HEAD_INIT, "errs", NULL, -1, errs_methods};

PyMODINIT_FUNC
PyInit_errs(void)
{
    PyObject *m = PyModule_Create(&errs_module);
    if (m == NULL)
        return NULL;
    if (!(ErrorA = PyErr_NewException("errs.ErrorA", NULL, NULL)))
        goto bail;
    if (!(ErrorB = PyErr_NewException("errs.ErrorB", NULL, NULL)))
        goto bail;
    Py_INCREF(ErrorA);
    Py_INCREF(ErrorB);

    if (PyModule_AddObject(m, "ErrorA", ErrorA) ||
        PyModule_AddObject(m, "ErrorB", ErrorB)) {
        goto bail;
    }
    return m;

bail:
    Py_XDECREF(m);
    return NULL;
}
