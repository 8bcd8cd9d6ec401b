/* clampmod: keyword lists as function-level statics, one of them picked by a version #if
 * (positional-only first parameter where the parser supports "" names). Nothing writes them. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
clamp(PyObject *module, PyObject *args, PyObject *kwargs)
{
    double x, lo = 0.0, hi = 1.0;
#if PY_VERSION_HEX >= 0x03060000
    static char *keywords[] = {"", "lo", "hi", NULL};
#else
    static char *keywords[] = {"x", "lo", "hi", NULL};
#endif

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "d|dd:clamp", keywords, &x, &lo, &hi))
        return NULL;
    if (lo > hi) {
        PyErr_SetString(PyExc_ValueError, "lo > hi");
        return NULL;
    }
    return PyFloat_FromDouble(x < lo ? lo : x > hi ? hi : x);
}

static PyObject *
wrap(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"x", "period", NULL};
    long x, period = 360;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "l|l:wrap", kwlist, &x, &period))
        return NULL;
    if (period <= 0) {
        PyErr_SetString(PyExc_ValueError, "period must be positive");
        return NULL;
    }
    return PyLong_FromLong(((x % period) + period) % period);
}

static PyMethodDef clamp_methods[] = {
    {"clamp", (PyCFunction)(void (*)(void))clamp, METH_VARARGS | METH_KEYWORDS, "clamp(x, lo=0.0, hi=1.0)"},
    {"wrap", (PyCFunction)(void (*)(void))wrap, METH_VARARGS | METH_KEYWORDS, "wrap(x, period=360)"},
    {NULL, NULL, 0, NULL}
};

static int clampmod_exec(PyObject *module);

static PyModuleDef_Slot clampmod_slots[] = {
    {Py_mod_exec, (void *)clampmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef clampmodule = {
    PyModuleDef_HEAD_INIT, "clampmod", NULL, 0, clamp_methods,
    clampmod_slots
};

static int
clampmod_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_clampmod(void)
{
    return PyModuleDef_Init(&clampmodule);
}
