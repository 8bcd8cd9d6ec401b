/* Python 2/3 init macros whose module doc is one string literal continued over
 * several lines with backslash-newline, a comma inside it. */
#include <Python.h>

#if PY_MAJOR_VERSION >= 3
#define MOD_ERROR_VAL NULL
#define MOD_SUCCESS_VAL(val) val
#define MOD_INIT(name) PyMODINIT_FUNC PyInit_##name(void)
#define MOD_DEF(ob, name, doc, methods)                     \
    static struct PyModuleDef moduledef = {                 \
        PyModuleDef_HEAD_INIT, name, doc, -1, methods, };   \
    ob = PyModule_Create(&moduledef);
#else
#define MOD_ERROR_VAL
#define MOD_SUCCESS_VAL(val)
#define MOD_INIT(name) void init##name(void)
#define MOD_DEF(ob, name, doc, methods) \
    ob = Py_InitModule3(name, methods, doc);
#endif

static PyObject *TallyError = NULL;

static PyObject *
contdoc_check(PyObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);

    if (v == -1 && PyErr_Occurred())
        return NULL;
    if (v < 0) {
        PyErr_Format(TallyError, "negative count %ld", v);
        return NULL;
    }
    return PyLong_FromLong(v * 2);
}

static PyMethodDef contdoc_methods[] = {
    {"check", contdoc_check, METH_O, "check(n) -> 2n, TallyError when n < 0"},
    {NULL, NULL, 0, NULL}
};

MOD_INIT(contdoc)
{
    PyObject *module;

    MOD_DEF(module, "contdoc", "Counts, doubled.\n\
\n\
The doc is one literal over several lines, with commas, \n\
joined by backslash-newline.\n", contdoc_methods)

    if (module == NULL)
        return MOD_ERROR_VAL;
    TallyError = PyErr_NewException("contdoc.TallyError", PyExc_ValueError, NULL);
    if (TallyError == NULL)
        return MOD_ERROR_VAL;
    Py_INCREF(TallyError);
    if (PyModule_AddObject(module, "TallyError", TallyError) < 0) {
        Py_DECREF(TallyError);
        return MOD_ERROR_VAL;
    }
    return MOD_SUCCESS_VAL(module);
}
