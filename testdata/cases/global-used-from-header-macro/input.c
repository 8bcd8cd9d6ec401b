/*
 * cifold: folds keys with a macro of fold.h that names the interned
 * method name kept in defs.h.
 */
#include "defs.h"
#include "fold.h"

static PyObject *
cifold_fold(PyObject *module, PyObject *key)
{
    if (!PyUnicode_Check(key)) {
        PyErr_SetString(PyExc_TypeError, "keys must be str");
        return NULL;
    }
    return FOLD_KEY(key);
}

static PyMethodDef cifold_methods[] = {
    {"fold", cifold_fold, METH_O, "Return the folded form of a key."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef cifold_module = {
    PyModuleDef_HEAD_INIT,
    "cifold",
    "Key folding.",
    -1,
    cifold_methods,
};

PyMODINIT_FUNC
PyInit_cifold(void)
{
    PyObject *m = PyModule_Create(&cifold_module);
    if (m == NULL)
        return NULL;
    str_lower = PyUnicode_InternFromString("lower");
    if (str_lower == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
