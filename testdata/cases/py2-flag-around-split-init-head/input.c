/* ticker: the init's name and its error return are chosen by #ifdef of the file's own flag,
 * defined only under #if PY_MAJOR_VERSION == 2 (never on a supported Python). The head's branches
 * each open the body, and the Python 3 one goes on with its first statement and a #define: they stay
 * in the exec's body, the Python 2 head goes. */
#include <Python.h>

#if PY_MAJOR_VERSION == 2
#define TICKER_PY2
#endif

static PyObject *
ticker_tick(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(1);
}

static PyMethodDef ticker_methods[] = {
    {"tick", ticker_tick, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

#ifndef TICKER_PY2
static struct PyModuleDef ticker_module = {
    PyModuleDef_HEAD_INIT, "ticker", NULL, -1, ticker_methods
};
#endif

PyMODINIT_FUNC
#ifdef TICKER_PY2
initticker(void)
{
#define TICKER_FAIL return
#else
PyInit_ticker(void)
{
    PyObject *m;
#define TICKER_FAIL return NULL
#endif

#ifdef TICKER_PY2
    Py_InitModule3("ticker", ticker_methods, NULL);
#else
    m = PyModule_Create(&ticker_module);
    if (m == NULL)
        TICKER_FAIL;
    return m;
#endif
}
