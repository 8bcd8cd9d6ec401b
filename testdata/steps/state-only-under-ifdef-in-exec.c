/* A counter kept only on one platform: the exec function uses the state only under #ifdef. */
#include <Python.h>

#ifdef COUNTMOD_TRACE
static long trace_calls;
#endif

static PyObject *
count_ping(PyObject *module, PyObject *unused)
{
#ifdef COUNTMOD_TRACE
    trace_calls++;
#endif
    Py_RETURN_NONE;
}

static PyMethodDef count_methods[] = {
    {"ping", count_ping, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef count_module = {
    PyModuleDef_HEAD_INIT, "countmod", NULL, -1, count_methods,
};

PyMODINIT_FUNC
PyInit_countmod(void)
{
    PyObject *m = PyModule_Create(&count_module);
    if (m == NULL) {
        return NULL;
    }
#ifdef COUNTMOD_TRACE
    trace_calls = 0;
#endif
    return m;
}
