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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ParseError; /* was: static PyObject *ParseError */
} tzparse_state;

static inline tzparse_state *
get_tzparse_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tzparse_state *)state;
}

static PyObject *
tzparse_offset(PyObject *module, PyObject *arg)
{
    const char *s = PyUnicode_AsUTF8(arg);
    int sign, hh, mm;

    if (s == NULL)
        return NULL;
    if ((s[0] != '+' && s[0] != '-') || sscanf(s + 1, "%2d:%2d", &hh, &mm) != 2) {
        tzparse_state *st = get_tzparse_state(module);
        PyErr_Format(st->ParseError, "bad offset: %s", s);
        return NULL;
    }
    sign = s[0] == '-' ? -1 : 1;
    return PyLong_FromLong(sign * (hh * 60 + mm));
}

static PyMethodDef tzparse_methods[] = {
    {"offset", tzparse_offset, METH_O, "offset('+hh:mm') -> minutes"},
    {NULL, NULL, 0, NULL}
};

static int tzparse_exec(PyObject *m);

static PyModuleDef_Slot tzparse_slots[] = {
    {Py_mod_exec, (void *)tzparse_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tzparsemodule = {
    PyModuleDef_HEAD_INIT, "tzparse", NULL, sizeof(tzparse_state), tzparse_methods,
    tzparse_slots
};

static int
tzparse_exec(PyObject *m)
{
    tzparse_state *st = get_tzparse_state(m);

#if USE_BUILTIN_ERROR
    st->ParseError = PyExc_ValueError;
#else
    ParseError = PyErr_NewException("tzparse.ParseError", PyExc_ValueError, NULL);
    if (ParseError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
#endif
    return 0;
}

PyMODINIT_FUNC
PyInit_tzparse(void)
{
    return PyModuleDef_Init(&tzparsemodule);
}
