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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *unknown; /* was: static PyObject *unknown in describe() */
} pragmamac_state;

static inline pragmamac_state *
get_pragmamac_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (pragmamac_state *)state;
}

static int
pragmamac_traverse(PyObject *module, visitproc visit, void *arg)
{
    pragmamac_state *st = get_pragmamac_state(module);
    Py_VISIT(st->unknown);
    return 0;
}

static int
pragmamac_clear(PyObject *module)
{
    pragmamac_state *st = get_pragmamac_state(module);
    Py_CLEAR(st->unknown);
    return 0;
}

static void
pragmamac_free(void *module)
{
    (void)pragmamac_clear((PyObject *)module);
}

static PyObject *
describe(PyObject *module, PyObject *arg)
{
    pragmamac_state *st = get_pragmamac_state(module);
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
    if (st->unknown == NULL) {
        st->unknown = PyUnicode_InternFromString("unknown");
        if (st->unknown == NULL)
            return NULL;
    }
    Py_INCREF(st->unknown);
    return st->unknown;
}

static PyMethodDef pragma_methods[] = {
    {"describe", describe, METH_O, "Name a code."},
    {NULL, NULL, 0, NULL}
};

static int pragmamac_exec(PyObject *module);

static PyModuleDef_Slot pragmamac_slots[] = {
    {Py_mod_exec, (void *)pragmamac_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pragma_module = {
    PyModuleDef_HEAD_INIT, "pragmamac", NULL, sizeof(pragmamac_state), pragma_methods,
    pragmamac_slots,
    pragmamac_traverse,
    pragmamac_clear,
    pragmamac_free,
};

static int
pragmamac_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_pragmamac(void)
{
    return PyModuleDef_Init(&pragma_module);
}
