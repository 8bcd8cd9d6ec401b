/* The init function leaves through a macro, the way code that once built for Python 2 and 3
 * (where the init returned nothing) hid the difference. In an exec function that return must
 * mean 0 or -1, which only each use can tell: the uses in the init function are expanded. */
#include <Python.h>

#define MOD_RETURN(value) return (value)
#define ADD_LEVEL(mod, name, level) \
    if (PyModule_AddIntConstant((mod), (name), (level)) < 0) goto fail

static PyObject *
levels_highest(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(50);
}

static PyMethodDef levels_methods[] = {
    {"highest", levels_highest, METH_NOARGS, "The highest level."},
    {NULL, NULL, 0, NULL},
};

static int levels_exec(PyObject *mod);

static PyModuleDef_Slot levels_slots[] = {
    {Py_mod_exec, (void *)levels_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef levels_module = {
    PyModuleDef_HEAD_INIT, "levels", "Logging levels.", 0, levels_methods,
    levels_slots
};

static int
levels_exec(PyObject *mod)
{
    ADD_LEVEL(mod, "DEBUG", 10);
    ADD_LEVEL(mod, "INFO", 20);
    ADD_LEVEL(mod, "ERROR", 40);
    return 0;
fail:
    return -1;
}

PyMODINIT_FUNC
PyInit_levels(void)
{
    return PyModuleDef_Init(&levels_module);
}
