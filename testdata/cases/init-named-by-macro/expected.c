/* The init function is named through a macro, as sources that still carry their Python 2 entry
 * point do: the definition reads `init_function(void)`, never `PyInit_<name>`. */
#include <Python.h>

#if PY_MAJOR_VERSION >= 3
#define init_function PyInit_wordcount
#define init_return(m) return (m)
#else
#define init_function initwordcount
#define init_return(m) return
#endif

static PyObject *
wordcount_count(PyObject *self, PyObject *arg)
{
    const char *s = PyUnicode_AsUTF8(arg);
    long words = 0;
    int in_word = 0;
    if (s == NULL)
        return NULL;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n')
            in_word = 0;
        else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    return PyLong_FromLong(words);
}

static PyMethodDef wordcount_methods[] = {
    {"count", wordcount_count, METH_O, "Count the words of a string."},
    {NULL, NULL, 0, NULL},
};

static int wordcount_exec(PyObject *m);

static PyModuleDef_Slot wordcount_slots[] = {
    {Py_mod_exec, (void *)wordcount_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef wordcount_module = {
    PyModuleDef_HEAD_INIT, "wordcount", NULL, 0, wordcount_methods,
    wordcount_slots
};

static int
wordcount_exec(PyObject *m)
{
    if (PyModule_AddStringConstant(m, "separators", " \t\n") < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
init_function(void)
{
    return PyModuleDef_Init(&wordcount_module);
}
