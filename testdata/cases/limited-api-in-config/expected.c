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

static int checksum_exec(PyObject *module);

static PyModuleDef_Slot checksum_slots[] = {
    {Py_mod_exec, (void *)checksum_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef checksum_module = {
    PyModuleDef_HEAD_INIT,
    "checksum",
    NULL,
    0,
    checksum_methods,
    checksum_slots
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per process. */
static int checksum_loaded_once = 0;

static int
checksum_exec(PyObject *Py_UNUSED(module))
{
    if (checksum_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "checksum cannot be loaded more than once per process");
        return -1;
    }
    checksum_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_checksum(void)
{
    return PyModuleDef_Init(&checksum_module);
}
