/* A cache filled from a caller's argument: whether the module owns that reference depends on
 * the caller, so moving it into module state (whose m_clear drops a reference) is left to a human. */
#include <Python.h>

static PyObject *last_handler;

static PyObject *
remember(PyObject *module, PyObject *handler)
{
    Py_INCREF(handler);
    Py_XSETREF(last_handler, handler);
    Py_RETURN_NONE;
}

static void
install_default(PyObject *handler)
{
    last_handler = handler;
}

static PyObject *
current(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    if (last_handler == NULL)
        Py_RETURN_NONE;
    Py_INCREF(last_handler);
    return last_handler;
}

static PyMethodDef unk_methods[] = {
    {"remember", remember, METH_O, NULL},
    {"current", current, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef unk_module = {
    PyModuleDef_HEAD_INIT, "unkown", NULL, -1, unk_methods,
};

PyMODINIT_FUNC
PyInit_unkown(void)
{
    PyObject *m = PyModule_Create(&unk_module);
    if (m == NULL)
        return NULL;
    install_default(Py_None);
    return m;
}
