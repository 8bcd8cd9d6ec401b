/* An already multi-phase module with nothing to isolate whose slots table is written on one
 * line: only Py_mod_multiple_interpreters is missing, and its #if needs lines of its own. */
#include <Python.h>

static PyObject *
add(PyObject *m, PyObject *args)
{
    long a, b;
    if (!PyArg_ParseTuple(args, "ll", &a, &b))
        return NULL;
    return PyLong_FromLong(a + b);
}

static int
onelinemod_exec(PyObject *m)
{
    return PyModule_AddIntConstant(m, "ANSWER", 42);
}

static PyMethodDef methods[] = {{"add", add, METH_VARARGS, NULL}, {NULL}};
static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, (void *)onelinemod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL}
};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "onelinemod", NULL, 0, methods, slots};

PyMODINIT_FUNC
PyInit_onelinemod(void)
{
    return PyModuleDef_Init(&def);
}
