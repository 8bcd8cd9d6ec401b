/* Globals filled with references the module does not own: a builtin exception, the None
 * singleton and a borrowed dict item are borrowed and must never be dropped by the module's
 * m_clear; a local that a new-reference call filled hands its reference over. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ParseError;   /* was: static PyObject *ParseError */
    PyObject *missing;      /* was: static PyObject *missing */
    PyObject *builtins_len; /* was: static PyObject *builtins_len */
    PyObject *joiner;       /* was: static PyObject *joiner */
    PyObject *words[3];     /* was: static PyObject *words[3] */
} borrowfill_state;

static inline borrowfill_state *
get_borrowfill_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (borrowfill_state *)state;
}

static int
borrowfill_traverse(PyObject *module, visitproc visit, void *arg)
{
    borrowfill_state *st = get_borrowfill_state(module);
    Py_VISIT(st->joiner);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(3); i++)
        Py_VISIT(st->words[i]);
    return 0;
}

static int
borrowfill_clear(PyObject *module)
{
    borrowfill_state *st = get_borrowfill_state(module);
    Py_CLEAR(st->joiner);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(3); i++)
        Py_CLEAR(st->words[i]);
    return 0;
}

static void
borrowfill_free(void *module)
{
    (void)borrowfill_clear((PyObject *)module);
}

static PyObject *
bf_parse(PyObject *module, PyObject *arg)
{
    PyObject *num;
    if (!PyUnicode_Check(arg)) {
        borrowfill_state *st = get_borrowfill_state(module);
        PyErr_SetString(st->ParseError, "expected a str");
        return NULL;
    }
    num = PyLong_FromUnicodeObject(arg, 10);
    if (num == NULL) {
        borrowfill_state *st = get_borrowfill_state(module);
        PyErr_Clear();
        Py_INCREF(st->missing);
        return st->missing;
    }
    return num;
}

static PyObject *
bf_length(PyObject *module, PyObject *arg)
{
    borrowfill_state *st = get_borrowfill_state(module);
    return PyObject_CallOneArg(st->builtins_len, arg);
}

static PyObject *
bf_join(PyObject *module, PyObject *seq)
{
    borrowfill_state *st = get_borrowfill_state(module);
    return PyObject_CallOneArg(st->joiner, seq);
}

static PyObject *
bf_word(PyObject *module, PyObject *arg)
{
    borrowfill_state *st = get_borrowfill_state(module);
    long i = PyLong_AsLong(arg);
    if (i == -1 && PyErr_Occurred())
        return NULL;
    if (i < 0 || i >= 3) {
        PyErr_SetString(PyExc_IndexError, "no such word");
        return NULL;
    }
    Py_INCREF(st->words[i]);
    return st->words[i];
}

static PyMethodDef bf_methods[] = {
    {"parse", bf_parse, METH_O, "Parse an int, None when it is not one."},
    {"length", bf_length, METH_O, "len() through the builtins dict."},
    {"join", bf_join, METH_O, "', '.join(seq)."},
    {"word", bf_word, METH_O, "One of three interned words."},
    {NULL, NULL, 0, NULL}
};

static int borrowfill_exec(PyObject *m);

static PyModuleDef_Slot borrowfill_slots[] = {
    {Py_mod_exec, (void *)borrowfill_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef bf_module = {
    PyModuleDef_HEAD_INIT, "borrowfill", NULL, sizeof(borrowfill_state), bf_methods,
    borrowfill_slots,
    borrowfill_traverse,
    borrowfill_clear,
    borrowfill_free,
};

static int
borrowfill_exec(PyObject *m)
{
    borrowfill_state *st = get_borrowfill_state(m);
    PyObject *sep, *bound;
    static const char *const texts[3] = {"zero", "one", "two"};
    int i;

    st->ParseError = PyExc_ValueError;
    st->missing = Py_None;
    st->builtins_len = PyDict_GetItemString(PyEval_GetBuiltins(), "len");
    if (st->builtins_len == NULL) {
        /* PyDict_GetItemString hides its errors: a builtin can only be missing for want of memory. */
        PyErr_NoMemory();
        return -1;
    }
    sep = PyUnicode_FromString(", ");
    if (sep == NULL)
        return -1;
    bound = PyObject_GetAttrString(sep, "join");
    Py_DECREF(sep);
    if (bound == NULL)
        return -1;
    st->joiner = bound;
    for (i = 0; i < 3; i++) {
        st->words[i] = PyUnicode_InternFromString(texts[i]);
        if (st->words[i] == NULL)
            return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_borrowfill(void)
{
    return PyModuleDef_Init(&bf_module);
}
