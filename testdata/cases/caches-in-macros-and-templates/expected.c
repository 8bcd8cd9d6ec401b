/*
 * ratio: rational helpers. Its method forwarders cache the Python function they call in a
 * static declared inside a macro. (helpers.inc.src, a template of more helpers, is checked
 * too: the build that expands it is not part of this case.)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Calls ratio._impl.<name>(arg), caching the function in a static of each expansion. */
#define FORWARD_TO_PY(name, arg) \
    do { \
        static PyObject *callable = NULL; \
        if (callable == NULL) { \
            PyObject *impl = PyImport_ImportModule("fractions"); \
            if (impl == NULL) \
                return NULL; \
            callable = PyObject_GetAttrString(impl, name); \
            Py_DECREF(impl); \
            if (callable == NULL) \
                return NULL; \
        } \
        return PyObject_CallOneArg(callable, arg); \
    } while (0)

/* Warns once per expansion site. */
#define WARN_ONCE(msg) \
    do { \
        static int warned = 0; \
        if (!warned) { \
            warned = 1; \
            if (PyErr_WarnEx(PyExc_UserWarning, msg, 1) < 0) \
                return NULL; \
        } \
    } while (0)

static PyObject *
ratio_from_float(PyObject *module, PyObject *x)
{
    WARN_ONCE("from_float() is slow");
    FORWARD_TO_PY("Fraction", x);
}

static PyObject *
ratio_from_decimal(PyObject *module, PyObject *x)
{
    FORWARD_TO_PY("Fraction", x);
}

static PyMethodDef ratio_methods[] = {
    {"from_float", ratio_from_float, METH_O, "Fraction(x) for a float"},
    {"from_decimal", ratio_from_decimal, METH_O, "Fraction(x) for a Decimal"},
    {NULL, NULL, 0, NULL}
};

static int ratio_exec(PyObject *module);

static PyModuleDef_Slot ratio_slots[] = {
    {Py_mod_exec, (void *)ratio_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef ratiomodule = {
    PyModuleDef_HEAD_INIT, "ratio", "Rational helpers.", 0, ratio_methods,
    ratio_slots
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int ratio_loaded_once = 0;

static int
ratio_exec(PyObject *Py_UNUSED(module))
{
    if (ratio_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "ratio cannot be loaded more than once per process");
        return -1;
    }
    ratio_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_ratio(void)
{
    return PyModuleDef_Init(&ratiomodule);
}
