/* One exception class per result code, looked up by the code. */
#include "codes.h"
#include "resultcodes_state.h"

#define CODE_OFFSET     (-CODE_MIN)

PyObject *
codes_raise(resultcodes_state *st, int code)
{
    if (code >= CODE_MIN && code <= CODE_MAX && st->code_classes[code + CODE_OFFSET] != NULL)
        PyErr_Format(st->code_classes[code + CODE_OFFSET], "result %d", code);
    else
        PyErr_Format(st->ResultError, "unknown result %d", code);
    return NULL;
}

static int
add_class(resultcodes_state *st, PyObject *module, const char *name, int code)
{
    char qualname[64];
    PyObject *cls;

    PyOS_snprintf(qualname, sizeof(qualname), "resultcodes.%s", name);
    cls = PyErr_NewException(qualname, st->ResultError, NULL);
    if (cls == NULL)
        return -1;
    st->code_classes[code + CODE_OFFSET] = cls;
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
    resultcodes_state *st = get_resultcodes_state(module);

    st->ResultError = PyErr_NewException("resultcodes.ResultError", NULL, NULL);
    if (st->ResultError == NULL)
        return -1;
    Py_INCREF(st->ResultError);
    if (PyModule_AddObject(module, "ResultError", st->ResultError) < 0) {
        Py_DECREF(st->ResultError);
        return -1;
    }
    if (add_class(st, module, "Busy", RC_BUSY) < 0
        || add_class(st, module, "Timeout", RC_TIMEOUT) < 0
        || add_class(st, module, "Denied", RC_DENIED) < 0
        || add_class(st, module, "Corrupt", RC_CORRUPT) < 0)
        return -1;
    return 0;
}
