/* Built for Python 2 and 3 the way the porting guides showed: the init function's head, its error
 * exit and its final return differ per version, chosen by an #if around the head and by macros
 * defined there. */
#include <Python.h>

static PyObject *WordsplitError;

static PyObject *
wordsplit_split(PyObject *self, PyObject *args)
{
    const char *s, *start;
    PyObject *words, *w;
    if (!PyArg_ParseTuple(args, "s", &s))
        return NULL;
    words = PyList_New(0);
    if (words == NULL)
        return NULL;
    while (*s) {
        while (*s == ' ')
            s++;
        if (*s == '\0')
            break;
        start = s;
        while (*s && *s != ' ')
            s++;
        if (s - start > 32) {
            Py_DECREF(words);
            PyErr_SetString(WordsplitError, "word longer than 32 characters");
            return NULL;
        }
        w = PyUnicode_FromStringAndSize(start, s - start);
        if (w == NULL || PyList_Append(words, w) < 0) {
            Py_XDECREF(w);
            Py_DECREF(words);
            return NULL;
        }
        Py_DECREF(w);
    }
    return words;
}

static PyMethodDef wordsplit_methods[] = {
    {"split", wordsplit_split, METH_VARARGS, "Split a string at spaces."},
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    "wordsplit",
    NULL,
    -1,
    wordsplit_methods,
    NULL,
    NULL,
    NULL,
    NULL
};

#define INITERROR return NULL
#define RETURN_MODULE(m) return m

PyMODINIT_FUNC
PyInit_wordsplit(void)
#else
#define INITERROR return
#define RETURN_MODULE(m) return

void
initwordsplit(void)
#endif
{
    PyObject *module;
#if PY_MAJOR_VERSION >= 3
    module = PyModule_Create(&moduledef);
#else
    module = Py_InitModule("wordsplit", wordsplit_methods);
#endif
    if (module == NULL)
        INITERROR;

    WordsplitError = PyErr_NewException("wordsplit.Error", NULL, NULL);
    if (WordsplitError == NULL) {
        Py_DECREF(module);
        INITERROR;
    }
    Py_INCREF(WordsplitError);
    if (PyModule_AddObject(module, "Error", WordsplitError) < 0) {
        Py_DECREF(WordsplitError);
        Py_DECREF(module);
        INITERROR;
    }
    RETURN_MODULE(module);
}
