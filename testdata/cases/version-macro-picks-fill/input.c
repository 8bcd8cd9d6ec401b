/* tzparse: the error type is the built-in one where the Python has what it needs, a new exception
 * otherwise; the choice is made by the project's own version macros, not by PY_VERSION_HEX directly
 * (ciso8601 shape). Only the branch CPython 3.9+ compiles decides how the global is owned. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define PY_VERSION_AT_LEAST_37 \
    ((PY_MAJOR_VERSION == 3 && PY_MINOR_VERSION >= 7) || PY_MAJOR_VERSION > 3)

#ifdef PYPY_VERSION
#define USE_BUILTIN_ERROR (PYPY_VERSION_NUM >= 0x07030600) && PY_VERSION_AT_LEAST_37
#else
#define USE_BUILTIN_ERROR PY_VERSION_AT_LEAST_37
#endif

static PyObject *ParseError;

static PyObject *
tzparse_offset(PyObject *module, PyObject *arg)
{
    const char *s = PyUnicode_AsUTF8(arg);
    int sign, hh, mm;

    if (s == NULL)
        return NULL;
    if ((s[0] != '+' && s[0] != '-') || sscanf(s + 1, "%2d:%2d", &hh, &mm) != 2) {
        PyErr_Format(ParseError, "bad offset: %s", s);
        return NULL;
    }
    sign = s[0] == '-' ? -1 : 1;
    return PyLong_FromLong(sign * (hh * 60 + mm));
}

static PyMethodDef tzparse_methods[] = {
    {"offset", tzparse_offset, METH_O, "offset('+hh:mm') -> minutes"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tzparsemodule = {
    PyModuleDef_HEAD_INIT, "tzparse", NULL, -1, tzparse_methods
};

PyMODINIT_FUNC
PyInit_tzparse(void)
{
    PyObject *m = PyModule_Create(&tzparsemodule);
    if (m == NULL)
        return NULL;
#if USE_BUILTIN_ERROR
    ParseError = PyExc_ValueError;
#else
    ParseError = PyErr_NewException("tzparse.ParseError", PyExc_ValueError, NULL);
    if (ParseError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
#endif
    return m;
}
