/* The module calls helper_twice(), which helper.c defines; extra.c includes helper.c for its common part only. */
#include <Python.h>

int helper_twice(int x);
int extra_thrice(int x);

static PyObject *
twice(PyObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(helper_twice((int)v) + extra_thrice(0));
}

static PyMethodDef mod_methods[] = {
    {"twice", twice, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef mod_module = {PyModuleDef_HEAD_INIT, "mod", NULL, 0, mod_methods};

PyMODINIT_FUNC
PyInit_mod(void)
{
    return PyModuleDef_Init(&mod_module);
}
