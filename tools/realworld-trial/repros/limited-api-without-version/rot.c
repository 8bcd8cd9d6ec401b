/* A module built for the stable ABI without a version (`#define Py_LIMITED_API` with no value, or
 * -DPy_LIMITED_API: the 3.2 ABI), as thin library bindings often are. That limited API has no
 * multi-phase init (PyModuleDef_Slot and PyModuleDef_Init came in 3.5): the init cannot be
 * rewritten for it, and the module stays as it is. */
#define Py_LIMITED_API
#include <Python.h>
#include <string.h>

static PyObject *
rot13(PyObject *self, PyObject *args)
{
    const char *s;
    Py_ssize_t n, i;
    PyObject *out;
    char *buf;

    if (!PyArg_ParseTuple(args, "s", &s))
        return NULL;
    n = (Py_ssize_t)strlen(s);
    buf = PyMem_Malloc(n + 1);
    if (buf == NULL)
        return PyErr_NoMemory();
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = 'a' + (c - 'a' + 13) % 26;
        else if (c >= 'A' && c <= 'Z')
            c = 'A' + (c - 'A' + 13) % 26;
        buf[i] = c;
    }
    out = PyUnicode_FromStringAndSize(buf, n);
    PyMem_Free(buf);
    return out;
}

static PyMethodDef rot_methods[] = {
    {"rot13", rot13, METH_VARARGS, "Rotate letters by 13."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef rot_module = {
    PyModuleDef_HEAD_INIT,
    "rot",
    "Letter rotation.",
    -1,
    rot_methods,
};

PyMODINIT_FUNC
PyInit_rot(void)
{
    return PyModule_Create(&rot_module);
}
