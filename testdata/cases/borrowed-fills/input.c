/* Globals filled with references the module does not own: a builtin exception, the None
 * singleton and a borrowed dict item are borrowed and must never be dropped by the module's
 * m_clear; a local that a new-reference call filled hands its reference over. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *ParseError;      /* = PyExc_ValueError: borrowed */
static PyObject *missing;         /* = Py_None: borrowed */
static PyObject *builtins_len;    /* borrowed from the builtins dict */
static PyObject *joiner;          /* a new reference, through a local */
static PyObject *words[3] = {NULL};  /* new references, filled in init */

static PyObject *
bf_parse(PyObject *module, PyObject *arg)
{
    PyObject *num;
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(ParseError, "expected a str");
        return NULL;
    }
    num = PyLong_FromUnicodeObject(arg, 10);
    if (num == NULL) {
        PyErr_Clear();
        Py_INCREF(missing);
        return missing;
    }
    return num;
}

static PyObject *
bf_length(PyObject *module, PyObject *arg)
{
    return PyObject_CallOneArg(builtins_len, arg);
}

static PyObject *
bf_join(PyObject *module, PyObject *seq)
{
    return PyObject_CallOneArg(joiner, seq);
}

static PyObject *
bf_word(PyObject *module, PyObject *arg)
{
    long i = PyLong_AsLong(arg);
    if (i == -1 && PyErr_Occurred())
        return NULL;
    if (i < 0 || i >= 3) {
        PyErr_SetString(PyExc_IndexError, "no such word");
        return NULL;
    }
    Py_INCREF(words[i]);
    return words[i];
}

static PyMethodDef bf_methods[] = {
    {"parse", bf_parse, METH_O, "Parse an int, None when it is not one."},
    {"length", bf_length, METH_O, "len() through the builtins dict."},
    {"join", bf_join, METH_O, "', '.join(seq)."},
    {"word", bf_word, METH_O, "One of three interned words."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef bf_module = {
    PyModuleDef_HEAD_INIT, "borrowfill", NULL, -1, bf_methods,
};

PyMODINIT_FUNC
PyInit_borrowfill(void)
{
    PyObject *m, *sep, *bound;
    static const char *const texts[3] = {"zero", "one", "two"};
    int i;

    m = PyModule_Create(&bf_module);
    if (m == NULL)
        return NULL;
    ParseError = PyExc_ValueError;
    missing = Py_None;
    builtins_len = PyDict_GetItemString(PyEval_GetBuiltins(), "len");
    if (builtins_len == NULL) {
        /* PyDict_GetItemString hides its errors: a builtin can only be missing for want of memory. */
        PyErr_NoMemory();
        Py_DECREF(m);
        return NULL;
    }
    sep = PyUnicode_FromString(", ");
    if (sep == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    bound = PyObject_GetAttrString(sep, "join");
    Py_DECREF(sep);
    if (bound == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    joiner = bound;
    for (i = 0; i < 3; i++) {
        words[i] = PyUnicode_InternFromString(texts[i]);
        if (words[i] == NULL) {
            Py_DECREF(m);
            return NULL;
        }
    }
    return m;
}
