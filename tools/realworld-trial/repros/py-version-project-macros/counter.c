/* Self-written: the init's name and its error return are chosen by #ifdef of a project macro
 * (MY_PY2) that is defined only under #if PY_MAJOR_VERSION == 2, i.e. never on a supported Python. */
#include <Python.h>

#if PY_MAJOR_VERSION == 2
#define MY_PY2
#endif

static PyObject *
counter_next(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(1);
}

static PyMethodDef counter_methods[] = {
    {"next", counter_next, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

#ifndef MY_PY2
static struct PyModuleDef counter_module = {
    PyModuleDef_HEAD_INIT, "counter", NULL, -1, counter_methods
};
#endif

PyMODINIT_FUNC
#ifdef MY_PY2
initcounter(void)
{
#define INIT_ERROR return
#else
PyInit_counter(void)
{
    PyObject *m;
#define INIT_ERROR return NULL
#endif

#ifdef MY_PY2
    Py_InitModule3("counter", counter_methods, NULL);
#else
    m = PyModule_Create(&counter_module);
    if (m == NULL)
        INIT_ERROR;
    return m;
#endif
}
