/*
 * vec: 2-D vectors. The type is declared first; the error, the object
 * struct and the shared zero vector come from vecdefs.h, in that order.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyTypeObject VecType;

#include "vecdefs.h"

static PyObject *
vec_zero(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    if (ZERO == NULL) {
        PyErr_SetString(VecError, "no zero vector");
        return NULL;
    }
    Py_INCREF(ZERO);
    return (PyObject *)ZERO;
}

static PyObject *
vec_norm2(Vec *self, PyObject *Py_UNUSED(ignored))
{
    return PyFloat_FromDouble(self->x * self->x + self->y * self->y);
}

static PyMethodDef vec_type_methods[] = {
    {"norm2", (PyCFunction)vec_norm2, METH_NOARGS, "The squared length."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject VecType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "vec.Vec",
    .tp_basicsize = sizeof(Vec),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A 2-D vector.",
    .tp_methods = vec_type_methods,
    .tp_new = PyType_GenericNew,
};

static PyMethodDef vec_methods[] = {
    {"zero", vec_zero, METH_NOARGS, "The zero vector."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef vec_module = {
    PyModuleDef_HEAD_INIT, "vec", NULL, -1, vec_methods,
};

PyMODINIT_FUNC
PyInit_vec(void)
{
    PyObject *m;
    Vec *zero;

    if (PyType_Ready(&VecType) < 0)
        return NULL;
    m = PyModule_Create(&vec_module);
    if (m == NULL)
        return NULL;
    VecError = PyErr_NewException("vec.Error", NULL, NULL);
    if (VecError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    /* tp_alloc zeroes the coordinates. */
    zero = (Vec *)PyObject_CallNoArgs((PyObject *)&VecType);
    if (zero == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    ZERO = zero;
    Py_INCREF(&VecType);
    if (PyModule_AddObject(m, "Vec", (PyObject *)&VecType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(VecError);
    if (PyModule_AddObject(m, "Error", VecError) < 0) {
        Py_DECREF(VecError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
