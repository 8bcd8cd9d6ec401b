/* A speedups module built for the stable ABI of 3.8: no Python objects kept in C, so only the
 * init changes, and a 3.8 limited API has no Py_mod_multiple_interpreters to declare. */
#define Py_LIMITED_API 0x03080000
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
xor_mask(PyObject *self, PyObject *args)
{
    const char *mask, *data;
    Py_ssize_t mask_len, data_len, i;
    PyObject *result;
    char *out;

    if (!PyArg_ParseTuple(args, "y#y#", &mask, &mask_len, &data, &data_len))
        return NULL;
    if (mask_len != 4) {
        PyErr_SetString(PyExc_ValueError, "mask must contain 4 bytes");
        return NULL;
    }
    result = PyBytes_FromStringAndSize(NULL, data_len);
    if (result == NULL)
        return NULL;
    out = PyBytes_AsString(result);
    for (i = 0; i < data_len; i++)
        out[i] = data[i] ^ mask[i % 4];
    return result;
}

static PyMethodDef speedups_methods[] = {
    {"xor_mask", xor_mask, METH_VARARGS, "Apply a 4-byte XOR mask."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    "wsspeedups",
    NULL,
    -1,
    speedups_methods
};

PyMODINIT_FUNC
PyInit_wsspeedups(void)
{
    return PyModule_Create(&speedups_module);
}
