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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *TallyError; /* was: static PyObject *TallyError */
} contdoc_state;

static inline contdoc_state *
get_contdoc_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (contdoc_state *)state;
}

static int
contdoc_traverse(PyObject *module, visitproc visit, void *arg)
{
    contdoc_state *st = get_contdoc_state(module);
    Py_VISIT(st->TallyError);
    return 0;
}

static int
contdoc_clear(PyObject *module)
{
    contdoc_state *st = get_contdoc_state(module);
    Py_CLEAR(st->TallyError);
    return 0;
}

static void
contdoc_free(void *module)
{
    (void)contdoc_clear((PyObject *)module);
}

static PyObject *
contdoc_check(PyObject *self, PyObject *arg)
{
    long v = PyLong_AsLong(arg);

    if (v == -1 && PyErr_Occurred())
        return NULL;
    if (v < 0) {
        contdoc_state *st = get_contdoc_state(self);
        PyErr_Format(st->TallyError, "negative count %ld", v);
        return NULL;
    }
    return PyLong_FromLong(v * 2);
}

static PyMethodDef contdoc_methods[] = {
    {"check", contdoc_check, METH_O, "check(n) -> 2n, TallyError when n < 0"},
    {NULL, NULL, 0, NULL}
};

static int contdoc_exec(PyObject *module);

static PyModuleDef_Slot contdoc_slots[] = {
    {Py_mod_exec, (void *)contdoc_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "contdoc", "Counts, doubled.\n\
\n\
The doc is one literal over several lines, with commas, \n\
joined by backslash-newline.\n", sizeof(contdoc_state), contdoc_methods,
    contdoc_slots,
    contdoc_traverse,
    contdoc_clear,
    contdoc_free
};

static int
contdoc_exec(PyObject *module)
{
    contdoc_state *st = get_contdoc_state(module);

    st->TallyError = PyErr_NewException("contdoc.TallyError", PyExc_ValueError, NULL);
    if (st->TallyError == NULL)
        return -1;
    Py_INCREF(st->TallyError);
    if (PyModule_AddObject(module, "TallyError", st->TallyError) < 0) {
        Py_DECREF(st->TallyError);
        return -1;
    }
    return 0;
}

MOD_INIT(contdoc)
{
    return PyModuleDef_Init(&moduledef);
}
