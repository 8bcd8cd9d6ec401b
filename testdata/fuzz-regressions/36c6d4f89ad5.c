#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* set by set_hook(); called by call_hook() */
static PyObject *mallow_hook;

#if PY_VERSION_HEX < 0x030D0000
/* the same hook, defined for older Pythons */
static PyObject *mallow_hook = NULL;
#endif

static PyObject *
mallow_set_hook(PyObject *self, PyObject *fn)
{
    Py_INCREF(fn);
    Py_XSETREF(mallow_hook, fn);
    Py_RETURN_NONE;
}

static PyObject *
mallow_call_hook(PyObject *self, PyObject *arg)
{
    if (mallow_hook == NULL)
        Py_RETURN_NONE;
    return PyObject_CallOneArg(mallow_hook, arg);
}

static PyMethodDef mallow_methods[] = {
    {"set_hook", mallow_set_hook, METH_O, NULL},
    {"call_hook", mallow_call_hook, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef mallow_module = {
    PyModuleDef_HEAD_INIT, "mallow", NULL, -1, mallow_methods
};

PyMODINIT_FUNC
PyInit_mallow(void)
{
    return PyModule_Create(&mallow_module);
}
