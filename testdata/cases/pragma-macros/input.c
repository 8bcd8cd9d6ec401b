/* Statement-position macros that expand to pragmas only (silencing a deprecation around some
 * case labels): the parse must see through them to find the cache below. */
#include <Python.h>

#if defined(__GNUC__)
#define QUIET_DEPRECATED_BEGIN _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"")
#define QUIET_DEPRECATED_END _Pragma("GCC diagnostic pop")
#else
#define QUIET_DEPRECATED_BEGIN
#define QUIET_DEPRECATED_END
#endif

static PyObject *
describe(PyObject *module, PyObject *arg)
{
    static PyObject *unknown = NULL;
    long code = PyLong_AsLong(arg);
    if (code == -1 && PyErr_Occurred())
        return NULL;
    switch (code) {
    case 0:
        return PyUnicode_FromString("zero");
QUIET_DEPRECATED_BEGIN
    case 1:
    case 2:
QUIET_DEPRECATED_END
        return PyUnicode_FromString("small");
    default:
        break;
    }
    if (unknown == NULL) {
        unknown = PyUnicode_InternFromString("unknown");
        if (unknown == NULL)
            return NULL;
    }
    Py_INCREF(unknown);
    return unknown;
}

static PyMethodDef pragma_methods[] = {
    {"describe", describe, METH_O, "Name a code."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef pragma_module = {
    PyModuleDef_HEAD_INIT, "pragmamac", NULL, -1, pragma_methods,
};

PyMODINIT_FUNC
PyInit_pragmamac(void)
{
    return PyModule_Create(&pragma_module);
}
