/* A C library with optional Python bindings: everything Python sits in one #ifndef NO_PYTHON
 * block at the end, and the init function is written with compat macros. The module def the
 * macro declared names a docstring macro and a method table that are defined inside that block,
 * so the def must be written there too, next to the init function, not above the block. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#if PY_MAJOR_VERSION >= 3
#define INIT_FUNC_DEF(name) PyMODINIT_FUNC PyInit_##name(void)
#define INIT_MOD(m, name, doc, methods) do { \
    static struct PyModuleDef moduledef = { PyModuleDef_HEAD_INIT, name, doc, -1, methods, }; \
    m = PyModule_Create(&moduledef); } while (0)
#define INIT_RETURN(m) return m
#else
#define INIT_FUNC_DEF(name) void init##name(void)
#define INIT_MOD(m, name, doc, methods) m = Py_InitModule3(name, methods, doc)
#define INIT_RETURN(m) return
#endif

/* The C part: Hamming distance of two byte strings of equal length. */
static size_t
hamming(const char *a, const char *b, size_t n)
{
    size_t i, d = 0;
    for (i = 0; i < n; i++)
        d += a[i] != b[i];
    return d;
}

#ifndef NO_PYTHON

#define DIST_DOC \
    "Distances between byte strings.\n" \
    "\n" \
    "hamming(a, b) counts the positions where a and b differ."

static PyObject *LengthError;

static PyObject *
dist_hamming(PyObject *self, PyObject *args)
{
    const char *a, *b;
    Py_ssize_t na, nb;
    if (!PyArg_ParseTuple(args, "y#y#", &a, &na, &b, &nb))
        return NULL;
    if (na != nb) {
        PyErr_SetString(LengthError, "hamming distance needs equal lengths");
        return NULL;
    }
    return PyLong_FromSize_t(hamming(a, b, (size_t)na));
}

static PyMethodDef dist_methods[] = {
    {"hamming", dist_hamming, METH_VARARGS, "Hamming distance."},
    {NULL, NULL, 0, NULL}
};

INIT_FUNC_DEF(dist)
{
    PyObject *m;

    INIT_MOD(m, "dist", DIST_DOC, dist_methods);
    if (m == NULL)
        INIT_RETURN(NULL);
    LengthError = PyErr_NewException("dist.LengthError", PyExc_ValueError, NULL);
    if (LengthError == NULL)
        INIT_RETURN(NULL);
    Py_INCREF(LengthError);
    if (PyModule_AddObject(m, "LengthError", LengthError) < 0)
        INIT_RETURN(NULL);
    INIT_RETURN(m);
}

#endif /* NO_PYTHON */
