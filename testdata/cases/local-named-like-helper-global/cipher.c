#include <Python.h>

extern PyObject *key;

int helper_blocks(void);

static PyObject *
cipher_blocks(PyObject *self, PyObject *noargs)
{
    return PyLong_FromLong(helper_blocks());
}

static PyMethodDef cipher_methods[] = {
    {"blocks", cipher_blocks, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef cipher_def = {PyModuleDef_HEAD_INIT, "cipher", NULL, -1, cipher_methods};

PyMODINIT_FUNC
PyInit_cipher(void)
{
    PyObject *m = PyModule_Create(&cipher_def);
    if (m == NULL)
        return NULL;
    key = PyErr_NewException("cipher.Error", NULL, NULL);
    if (key == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
