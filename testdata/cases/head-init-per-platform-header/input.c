/* wordscan: split text into words lazily. The type lives in scanner.c, whose head-init macro
 * comes from the platform header common.h picks (one definition per platform). */
#include "common.h"
#include "scanner.c"

static PyObject *
wordscan_count(PyObject *module, PyObject *arg)
{
    PyObject *it = PyObject_CallFunctionObjArgs((PyObject *)&scanner_type, arg, NULL);
    PyObject *word;
    Py_ssize_t n = 0;

    if (it == NULL)
        return NULL;
    while ((word = PyIter_Next(it)) != NULL) {
        Py_DECREF(word);
        n++;
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromSsize_t(n);
}

static PyMethodDef wordscan_methods[] = {
    {"count", wordscan_count, METH_O, "count(text) -> number of words"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef wordscan_module = {
    PyModuleDef_HEAD_INIT, "wordscan", NULL, -1, wordscan_methods
};

PyMODINIT_FUNC
PyInit_wordscan(void)
{
    PyObject *m;

    if (PyType_Ready(&scanner_type) < 0)
        return NULL;
    m = PyModule_Create(&wordscan_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&scanner_type);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)&scanner_type) < 0) {
        Py_DECREF(&scanner_type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
