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

static struct PyModuleDef posdef_module = {
    PyModuleDef_HEAD_INIT,
    "posdef",               /* m_name */
    "A positional def.",    /* m_doc */
    -1,                     /* m_size */
    posdef_methods,         /* m_methods */
};

PyMODINIT_FUNC
PyInit_posdef(void)
{
    return PyModule_Create(&posdef_module);
}
