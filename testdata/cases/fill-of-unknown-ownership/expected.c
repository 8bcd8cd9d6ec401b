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

static int unkown_exec(PyObject *m);

static PyModuleDef_Slot unkown_slots[] = {
    {Py_mod_exec, (void *)unkown_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef unk_module = {
    PyModuleDef_HEAD_INIT, "unkown", NULL, 0, unk_methods,
    unkown_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int unkown_loaded_once = 0;

static int
unkown_exec(PyObject *Py_UNUSED(m))
{
    if (unkown_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "unkown cannot be loaded more than once per process");
        return -1;
    }
    install_default(Py_None);
    unkown_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_unkown(void)
{
    return PyModuleDef_Init(&unk_module);
}
