/* A generic error-check macro whose return value is its argument (ijson's X_N(stmt, X) / X_LZ(stmt, X)),
 * used in the init with NULL; the same macro serves functions returning -1 or 0. */
#include <Python.h>

#define RETURN_IF_NULL(expr, X) do { if ((expr) == NULL) { return X; } } while (0)
#define RETURN_IF_NEG(expr, X) do { if ((expr) < 0) { return X; } } while (0)

static PyObject *Marker;

static int
check_marker(PyObject *o)
{
    RETURN_IF_NULL(Marker, -1);
    return o == Marker;
}

static PyObject *
is_marker(PyObject *self, PyObject *o)
{
    int r = check_marker(o);
    RETURN_IF_NEG(r, NULL);
    return PyBool_FromLong(r);
}

static PyObject *
marker(PyObject *self, PyObject *noargs)
{
    Py_INCREF(Marker);
    return Marker;
}

static PyMethodDef methods[] = {
    {"is_marker", is_marker, METH_O, NULL},
    {"marker", marker, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef def = { PyModuleDef_HEAD_INIT, "markers", NULL, -1, methods };

PyMODINIT_FUNC
PyInit_markers(void)
{
    PyObject *m = PyModule_Create(&def);
    RETURN_IF_NULL(m, NULL);
    Marker = PyUnicode_FromString("marker");
    RETURN_IF_NULL(Marker, NULL);
    RETURN_IF_NEG(PyModule_AddIntConstant(m, "VERSION", 3), NULL);
    return m;
}
