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
static int ticker_exec(PyObject *m);

static PyModuleDef_Slot ticker_slots[] = {
    {Py_mod_exec, (void *)ticker_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef ticker_module = {
    PyModuleDef_HEAD_INIT, "ticker", NULL, 0, ticker_methods,
    ticker_slots
};
#endif

#ifdef TICKER_PY2
#define TICKER_FAIL return
#endif
static int
ticker_exec(PyObject *Py_UNUSED(m))
{
#define TICKER_FAIL return -1

#ifdef TICKER_PY2
    Py_InitModule3("ticker", ticker_methods, NULL);
#else
    return 0;
#endif
}

PyMODINIT_FUNC
PyInit_ticker(void)
{
    return PyModuleDef_Init(&ticker_module);
}
