/* A generic error-check macro whose return value is its argument (ijson's X_N(stmt, X) / X_LZ(stmt, X)),
 * used in the init with NULL; the same macro serves functions returning -1 or 0. */
#include <Python.h>

#define RETURN_IF_NULL(expr, X) do { if ((expr) == NULL) { return X; } } while (0)
#define RETURN_IF_NEG(expr, X) do { if ((expr) < 0) { return X; } } while (0)

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *Marker; /* was: static PyObject *Marker */
} markers_state;

static inline markers_state *
get_markers_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (markers_state *)state;
}

static int
markers_traverse(PyObject *module, visitproc visit, void *arg)
{
    markers_state *st = get_markers_state(module);
    Py_VISIT(st->Marker);
    return 0;
}

static int
markers_clear(PyObject *module)
{
    markers_state *st = get_markers_state(module);
    Py_CLEAR(st->Marker);
    return 0;
}

static void
markers_free(void *module)
{
    (void)markers_clear((PyObject *)module);
}

static int
check_marker(markers_state *st, PyObject *o)
{
    RETURN_IF_NULL(st->Marker, -1);
    return o == st->Marker;
}

static PyObject *
is_marker(PyObject *self, PyObject *o)
{
    markers_state *st = get_markers_state(self);
    int r = check_marker(st, o);
    RETURN_IF_NEG(r, NULL);
    return PyBool_FromLong(r);
}

static PyObject *
marker(PyObject *self, PyObject *noargs)
{
    markers_state *st = get_markers_state(self);
    Py_INCREF(st->Marker);
    return st->Marker;
}

static PyMethodDef methods[] = {
    {"is_marker", is_marker, METH_O, NULL},
    {"marker", marker, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int markers_exec(PyObject *m);

static PyModuleDef_Slot markers_slots[] = {
    {Py_mod_exec, (void *)markers_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef def = { PyModuleDef_HEAD_INIT, "markers", NULL, sizeof(markers_state), methods, markers_slots, markers_traverse, markers_clear, markers_free };

static int
markers_exec(PyObject *m)
{
    markers_state *st = get_markers_state(m);
    st->Marker = PyUnicode_FromString("marker");
    RETURN_IF_NULL(st->Marker, -1);
    RETURN_IF_NEG(PyModule_AddIntConstant(m, "VERSION", 3), -1);
    return 0;
}

PyMODINIT_FUNC
PyInit_markers(void)
{
    return PyModuleDef_Init(&def);
}
