/* A positional PyModuleDef with a comment after every element: new elements go after the
 * comment of the last one, so each comment stays with its own value. */
#include <Python.h>

static PyObject *
ping(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyUnicode_FromString("pong");
}

static PyMethodDef posdef_methods[] = {
    {"ping", ping, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int posdef_exec(PyObject *module);

static PyModuleDef_Slot posdef_slots[] = {
    {Py_mod_exec, (void *)posdef_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef posdef_module = {
    PyModuleDef_HEAD_INIT,
    "posdef",               /* m_name */
    "A positional def.",    /* m_doc */
    0,                      /* m_size */
    posdef_methods,         /* m_methods */
    posdef_slots,
};

static int
posdef_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_posdef(void)
{
    return PyModuleDef_Init(&posdef_module);
}
