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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* The empty string the chunks are joined with, made once. */
    PyObject *JoinerEmpty; /* was: static PyObject *JoinerEmpty */
} joiner_state;

static inline joiner_state *
get_joiner_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (joiner_state *)state;
}

static int
joiner_traverse(PyObject *module, visitproc visit, void *arg)
{
    joiner_state *st = get_joiner_state(module);
    Py_VISIT(st->JoinerEmpty);
    return 0;
}

static int
joiner_clear(PyObject *module)
{
    joiner_state *st = get_joiner_state(module);
    Py_CLEAR(st->JoinerEmpty);
    return 0;
}

static void
joiner_free(void *module)
{
    (void)joiner_clear((PyObject *)module);
}

static PyObject *
join_list_unicode(joiner_state *st, PyObject *lst)
{
    return PyUnicode_Join(st->JoinerEmpty, lst);
}

static Py_ssize_t
total_length(joiner_state *st, PyObject *lst)
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
    return n + PyUnicode_GET_LENGTH(st->JoinerEmpty);
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
    joiner_state *st = get_joiner_state(module);

    if (!PyList_Check(lst)) {
        PyErr_SetString(PyExc_TypeError, "join() takes a list");
        return NULL;
    }
    if (chunk_length(st, lst) < 0)
        return NULL;
    return join_list_string(st, lst);
}

static PyObject *
joiner_length(PyObject *module, PyObject *lst)
{
    joiner_state *st = get_joiner_state(module);
    Py_ssize_t n;

    if (!PyList_Check(lst)) {
        PyErr_SetString(PyExc_TypeError, "length() takes a list");
        return NULL;
    }
    n = chunk_length(st, lst);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyMethodDef joiner_methods[] = {
    {"join", joiner_join, METH_O, "join(chunks) -> str"},
    {"length", joiner_length, METH_O, "length(chunks) -> the joined length"},
    {NULL, NULL, 0, NULL}
};

static int joiner_exec(PyObject *m);

static PyModuleDef_Slot joiner_slots[] = {
    {Py_mod_exec, (void *)joiner_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef joiner_module = {
    PyModuleDef_HEAD_INIT, "joiner", NULL, sizeof(joiner_state), joiner_methods,
    joiner_slots,
    joiner_traverse,
    joiner_clear,
    joiner_free
};

static int
joiner_exec(PyObject *m)
{
    joiner_state *st = get_joiner_state(m);

    st->JoinerEmpty = PyUnicode_New(0, 127);
    if (st->JoinerEmpty == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_joiner(void)
{
    return PyModuleDef_Init(&joiner_module);
}
