/* A checksum module built for the stable ABI of 3.8, where the build script, not the source, defines
 * Py_LIMITED_API (setup.py define_macros); the project tells pyext-isolate the same in pyproject.toml.
 * No Python object is kept in C, so only the init changes. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
adler32(PyObject *self, PyObject *args)
{
    const unsigned char *data;
    Py_ssize_t len, i;
    unsigned long a = 1, b = 0;

    if (!PyArg_ParseTuple(args, "y#", &data, &len))
        return NULL;
    for (i = 0; i < len; i++) {
        a = (a + data[i]) % 65521;
        b = (b + a) % 65521;
    }
    return PyLong_FromUnsignedLong((b << 16) | a);
}

static PyMethodDef checksum_methods[] = {
    {"adler32", adler32, METH_VARARGS, "adler32(data) -> int"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef checksum_module = {
    PyModuleDef_HEAD_INIT,
    "checksum",
    NULL,
    -1,
    checksum_methods
};

PyMODINIT_FUNC
PyInit_checksum(void)
{
    return PyModule_Create(&checksum_module);
}
