/* tagapi_user -- a consumer compiled against the old tagapi header: the table in a C global. */
#define PY_SSIZE_T_CLEAN
#include "tagapi_api.h"

static PyObject *
user_retag(PyObject *self, PyObject *args)
{
    PyObject *tagged, *value, *result;
    const char *tag;
    if (!PyArg_ParseTuple(args, "Os:retag", &tagged, &tag))
        return NULL;
    if (!Tagged_Check(tagged)) {
        PyErr_SetString(PyExc_TypeError, "a tagapi.Tagged is needed");
        return NULL;
    }
    value = Tagged_Unwrap(tagged);
    if (value == NULL)
        return NULL;
    result = Tagged_Wrap(value, tag);
    Py_DECREF(value);
    return result;
}

static PyObject *
user_is_exact(PyObject *self, PyObject *arg)
{
    return PyBool_FromLong(Tagged_CheckExact(arg));
}

static PyMethodDef user_methods[] = {
    {"retag", user_retag, METH_VARARGS, "retag(tagged, tag) -> Tagged"},
    {"is_exact", user_is_exact, METH_O, "is_exact(obj) -> bool"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef user_module = {
    PyModuleDef_HEAD_INIT, "tagapi_user", NULL, -1, user_methods
};

PyMODINIT_FUNC
PyInit_tagapi_user(void)
{
    if (import_tagapi() < 0)
        return NULL;
    return PyModule_Create(&user_module);
}
