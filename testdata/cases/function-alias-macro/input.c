/*
 * joiner: joins chunks of text. Its helpers are reached through object-like macros that rename
 * them per Python version, and parameters carry an attribute macro (the way JSON encoders written
 * for Python 2 and 3 spell them).
 */
#include <Python.h>

#ifdef __GNUC__
#define UNUSED __attribute__((__unused__))
#else
#define UNUSED
#endif

/* The empty string the chunks are joined with, made once. */
static PyObject *JoinerEmpty = NULL;

static PyObject *
join_list_unicode(PyObject *lst)
{
    return PyUnicode_Join(JoinerEmpty, lst);
}

static Py_ssize_t
total_length(PyObject *lst)
{
    Py_ssize_t i, n = 0;

    for (i = 0; i < PyList_GET_SIZE(lst); i++) {
        PyObject *item = PyList_GET_ITEM(lst, i);
        if (!PyUnicode_Check(item)) {
            PyErr_SetString(PyExc_TypeError, "chunks must be str");
            return -1;
        }
        n += PyUnicode_GET_LENGTH(item);
    }
    return n + PyUnicode_GET_LENGTH(JoinerEmpty);
}

#if PY_MAJOR_VERSION >= 3
#define join_list_string join_list_unicode
#define chunk_length total_length
#else
#define join_list_string join_list_bytes
#define chunk_length total_bytes
#endif

static PyObject *
joiner_join(PyObject *module UNUSED, PyObject *lst)
{
    if (!PyList_Check(lst)) {
        PyErr_SetString(PyExc_TypeError, "join() takes a list");
        return NULL;
    }
    if (chunk_length(lst) < 0)
        return NULL;
    return join_list_string(lst);
}

static PyObject *
joiner_length(PyObject *module, PyObject *lst)
{
    Py_ssize_t n;

    if (!PyList_Check(lst)) {
        PyErr_SetString(PyExc_TypeError, "length() takes a list");
        return NULL;
    }
    n = chunk_length(lst);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyMethodDef joiner_methods[] = {
    {"join", joiner_join, METH_O, "join(chunks) -> str"},
    {"length", joiner_length, METH_O, "length(chunks) -> the joined length"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef joiner_module = {
    PyModuleDef_HEAD_INIT, "joiner", NULL, -1, joiner_methods
};

PyMODINIT_FUNC
PyInit_joiner(void)
{
    PyObject *m = PyModule_Create(&joiner_module);
    if (m == NULL)
        return NULL;
    JoinerEmpty = PyUnicode_New(0, 127);
    if (JoinerEmpty == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
