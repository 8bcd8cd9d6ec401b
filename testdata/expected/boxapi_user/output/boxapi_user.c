/* boxapi_user -- a consumer compiled against the old boxapi header: the table in a C global. */
#define PY_SSIZE_T_CLEAN
#include "boxapi_api.h"

static PyObject *
user_double(PyObject *self, PyObject *arg)
{
    long v;
    if (!BoxAPI_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "a boxapi.Box is needed");
        return NULL;
    }
    v = BoxAPI_Value(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return BoxAPI_New(2 * v);
}

static PyMethodDef user_methods[] = {
    {"double", user_double, METH_O, "double(box) -> box"},
    {NULL, NULL, 0, NULL},
};

static int boxapi_user_exec(PyObject *module);

static PyModuleDef_Slot boxapi_user_slots[] = {
    {Py_mod_exec, (void *)boxapi_user_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef user_module = {
    PyModuleDef_HEAD_INIT, "boxapi_user", NULL, 0, user_methods,
    boxapi_user_slots
};

static int
boxapi_user_exec(PyObject *Py_UNUSED(module))
{
    if (import_boxapi() < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_boxapi_user(void)
{
    return PyModuleDef_Init(&user_module);
}
