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

static struct PyModuleDef wordcount_module = {
    PyModuleDef_HEAD_INIT, "wordcount", NULL, -1, wordcount_methods
};

PyMODINIT_FUNC
init_function(void)
{
    PyObject *m = PyModule_Create(&wordcount_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddStringConstant(m, "separators", " \t\n") < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
