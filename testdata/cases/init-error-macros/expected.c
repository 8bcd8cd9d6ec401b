/* Built for Python 2 and 3 the way the porting guides showed: the init function's head, its error
 * exit and its final return differ per version, chosen by an #if around the head and by macros
 * defined there. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *WordsplitError; /* was: static PyObject *WordsplitError */
} wordsplit_state;

static inline wordsplit_state *
get_wordsplit_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (wordsplit_state *)state;
}

static int
wordsplit_traverse(PyObject *module, visitproc visit, void *arg)
{
    wordsplit_state *st = get_wordsplit_state(module);
    Py_VISIT(st->WordsplitError);
    return 0;
}

static int
wordsplit_clear(PyObject *module)
{
    wordsplit_state *st = get_wordsplit_state(module);
    Py_CLEAR(st->WordsplitError);
    return 0;
}

static void
wordsplit_free(void *module)
{
    (void)wordsplit_clear((PyObject *)module);
}

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
            wordsplit_state *st = get_wordsplit_state(self);
            Py_DECREF(words);
            PyErr_SetString(st->WordsplitError, "word longer than 32 characters");
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
static int wordsplit_exec(PyObject *module);

static PyModuleDef_Slot wordsplit_slots[] = {
    {Py_mod_exec, (void *)wordsplit_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    "wordsplit",
    NULL,
    sizeof(wordsplit_state),
    wordsplit_methods,
    wordsplit_slots,
    wordsplit_traverse,
    wordsplit_clear,
    wordsplit_free
};

#define INITERROR return -1
#define RETURN_MODULE(m) return m

static int
wordsplit_exec(PyObject *module)
#else
#define INITERROR return
#define RETURN_MODULE(m) return

void
initwordsplit(void)
#endif
{
    wordsplit_state *st = get_wordsplit_state(module);
#if PY_MAJOR_VERSION >= 3
#else
    module = Py_InitModule("wordsplit", wordsplit_methods);
#endif

    st->WordsplitError = PyErr_NewException("wordsplit.Error", NULL, NULL);
    if (st->WordsplitError == NULL)
        INITERROR;
    Py_INCREF(st->WordsplitError);
    if (PyModule_AddObject(module, "Error", st->WordsplitError) < 0) {
        Py_DECREF(st->WordsplitError);
        INITERROR;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_wordsplit(void)
{
    return PyModuleDef_Init(&moduledef);
}
