/* A struct member with the same name as a global (a state struct written
 * ahead of its use): the member is no use of the global. */
#include <Python.h>

static PyObject *MyError;

typedef struct {
    PyObject *MyError;
} clash_state;

static PyObject *
clash_fail(PyObject *self, PyObject *unused)
{
    PyErr_SetString(MyError, "failed");
    return NULL;
}

static PyMethodDef clash_methods[] = {
    {"fail", clash_fail, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef clashdef = {PyModuleDef_HEAD_INIT, "clash", NULL, -1, clash_methods};

PyMODINIT_FUNC
PyInit_clash(void)
{
    PyObject *m = PyModule_Create(&clashdef);
    if (m == NULL)
        return NULL;
    MyError = PyErr_NewException("clash.MyError", NULL, NULL);
    if (MyError == NULL || PyModule_AddObject(m, "MyError", MyError) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(MyError);
    return m;
}
