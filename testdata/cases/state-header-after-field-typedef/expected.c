/* galois: GF(2^8) arithmetic for Python, on the tables of gf256.c. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "gf256.h"
#include "galois_state.h"

static int
galois_traverse(PyObject *module, visitproc visit, void *arg)
{
    galois_state *st = get_galois_state(module);
    Py_VISIT(st->GaloisError);
    return 0;
}

static int
galois_clear(PyObject *module)
{
    galois_state *st = get_galois_state(module);
    Py_CLEAR(st->GaloisError);
    return 0;
}

static void
galois_free(void *module)
{
    (void)galois_clear((PyObject *)module);
}

static int
element_arg(galois_state *st, PyObject *arg, gf_elem *out)
{
    long v = PyLong_AsLong(arg);

    if (v == -1 && PyErr_Occurred())
        return -1;
    if (v < 0 || v > 255) {
        PyErr_Format(st->GaloisError, "%ld is not an element of GF(256)", v);
        return -1;
    }
    *out = (gf_elem)v;
    return 0;
}

static PyObject *
galois_mul(PyObject *module, PyObject *args)
{
    galois_state *st = get_galois_state(module);
    PyObject *a, *b;
    gf_elem x, y;

    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    if (element_arg(st, a, &x) < 0 || element_arg(st, b, &y) < 0)
        return NULL;
    return PyLong_FromLong(gf_mul(st, x, y));
}

static PyObject *
galois_inverse(PyObject *module, PyObject *arg)
{
    galois_state *st = get_galois_state(module);
    gf_elem x;

    if (element_arg(st, arg, &x) < 0)
        return NULL;
    if (x == 0) {
        PyErr_SetString(st->GaloisError, "0 has no inverse");
        return NULL;
    }
    return PyLong_FromLong(gf_inverse(st, x));
}

static PyObject *
galois_scale(PyObject *module, PyObject *args)
{
    galois_state *st = get_galois_state(module);
    Py_buffer data;
    PyObject *c, *result;
    gf_elem factor;

    if (!PyArg_ParseTuple(args, "y*O", &data, &c))
        return NULL;
    if (element_arg(st, c, &factor) < 0) {
        PyBuffer_Release(&data);
        return NULL;
    }
    result = PyBytes_FromStringAndSize(NULL, data.len);
    if (result != NULL)
        gf_scale(st, (gf_elem *)PyBytes_AS_STRING(result), (const gf_elem *)data.buf, factor, (size_t)data.len);
    PyBuffer_Release(&data);
    return result;
}

static PyMethodDef galois_methods[] = {
    {"mul", galois_mul, METH_VARARGS, "mul(a, b) -> the product in GF(256)"},
    {"inverse", galois_inverse, METH_O, "inverse(a) -> 1/a in GF(256)"},
    {"scale", galois_scale, METH_VARARGS, "scale(data, c) -> every byte of data times c"},
    {NULL, NULL, 0, NULL}
};

static int galois_exec(PyObject *m);

static PyModuleDef_Slot galois_slots[] = {
    {Py_mod_exec, (void *)galois_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef galois_module = {
    PyModuleDef_HEAD_INIT, "galois", "Arithmetic in GF(256).", sizeof(galois_state), galois_methods,
    galois_slots,
    galois_traverse,
    galois_clear,
    galois_free
};

static int
galois_exec(PyObject *m)
{
    galois_state *st = get_galois_state(m);

    gf_setup(st);
    st->GaloisError = PyErr_NewException("galois.GaloisError", PyExc_ValueError, NULL);
    if (st->GaloisError == NULL)
        return -1;
    Py_INCREF(st->GaloisError);
    if (PyModule_AddObject(m, "GaloisError", st->GaloisError) < 0) {
        Py_DECREF(st->GaloisError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_galois(void)
{
    return PyModuleDef_Init(&galois_module);
}
