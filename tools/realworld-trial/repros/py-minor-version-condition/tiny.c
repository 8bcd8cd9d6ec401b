/* Self-written: a module def whose m_reload/m_slots field is chosen by a PY_MINOR_VERSION test alone. */
#include <Python.h>

static PyObject *
tiny_ping(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromString("pong");
}

static PyMethodDef tiny_methods[] = {
    {"ping", tiny_ping, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tiny_module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "tiny",
    .m_size = -1,
    .m_methods = tiny_methods,
#if PY_MINOR_VERSION <= 4
    .m_reload = NULL,
#else
    .m_slots = NULL,
#endif
};

PyMODINIT_FUNC
PyInit_tiny(void)
{
    return PyModule_Create(&tiny_module);
}
