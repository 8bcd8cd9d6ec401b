/* One exception class per result code, looked up by the code. */
#include "codes.h"

/* The base class of every result's exception (created by codes_init). */
PyObject *ResultError;

/* The range of codes that get a class of their own. */
#define CODE_MIN        RC_BUSY

#ifdef RC_CORRUPT
#define CODE_MAX        RC_CORRUPT
#else
#define CODE_MAX        RC_DENIED
#endif

#define CODE_OFFSET     (-CODE_MIN)

static PyObject *code_classes[CODE_MAX - CODE_MIN + 1];

PyObject *
codes_raise(int code)
{
    if (code >= CODE_MIN && code <= CODE_MAX && code_classes[code + CODE_OFFSET] != NULL)
        PyErr_Format(code_classes[code + CODE_OFFSET], "result %d", code);
    else
        PyErr_Format(ResultError, "unknown result %d", code);
    return NULL;
}

static int
add_class(PyObject *module, const char *name, int code)
{
    char qualname[64];
    PyObject *cls;

    PyOS_snprintf(qualname, sizeof(qualname), "resultcodes.%s", name);
    cls = PyErr_NewException(qualname, ResultError, NULL);
    if (cls == NULL)
        return -1;
    code_classes[code + CODE_OFFSET] = cls;
    Py_INCREF(cls);
    if (PyModule_AddObject(module, name, cls) < 0) {
        Py_DECREF(cls);
        return -1;
    }
    return 0;
}

int
codes_init(PyObject *module)
{
    ResultError = PyErr_NewException("resultcodes.ResultError", NULL, NULL);
    if (ResultError == NULL)
        return -1;
    Py_INCREF(ResultError);
    if (PyModule_AddObject(module, "ResultError", ResultError) < 0) {
        Py_DECREF(ResultError);
        return -1;
    }
    if (add_class(module, "Busy", RC_BUSY) < 0
        || add_class(module, "Timeout", RC_TIMEOUT) < 0
        || add_class(module, "Denied", RC_DENIED) < 0
        || add_class(module, "Corrupt", RC_CORRUPT) < 0)
        return -1;
    return 0;
}
