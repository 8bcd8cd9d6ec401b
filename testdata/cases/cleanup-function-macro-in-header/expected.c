#include <Python.h>
#include <string.h>
#include "strlist.h"

char **strlist_free(char **l) {
        char **i;
        if (l == NULL)
                return NULL;
        for (i = l; *i; i++)
                free(*i);
        free(l);
        return NULL;
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *SplitError; /* was: static PyObject *SplitError */
} splitmod_state;

static inline splitmod_state *
get_splitmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (splitmod_state *)state;
}

static int
splitmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    splitmod_state *st = get_splitmod_state(module);
    Py_VISIT(st->SplitError);
    return 0;
}

static int
splitmod_clear(PyObject *module)
{
    splitmod_state *st = get_splitmod_state(module);
    Py_CLEAR(st->SplitError);
    return 0;
}

static void
splitmod_free(void *module)
{
    (void)splitmod_clear((PyObject *)module);
}

static PyObject *
split(PyObject *self, PyObject *arg)
{
        const char *s = PyUnicode_AsUTF8(arg);
        _cleanup_strlist_free_ char **words = NULL;
        PyObject *r;
        size_t n = 0, i;

        if (s == NULL)
                return NULL;
        if (*s == '\0') {
                splitmod_state *st = get_splitmod_state(self);
                PyErr_SetString(st->SplitError, "empty");
                return NULL;
        }
        words = calloc(strlen(s) + 1, sizeof(char *));
        if (words == NULL)
                return PyErr_NoMemory();
        while (*s) {
                _cleanup_free_ char *copy = strdup(s);
                char *sp;
                if (copy == NULL)
                        return PyErr_NoMemory();
                sp = strchr(copy, ' ');
                if (sp)
                        *sp = '\0';
                words[n] = strdup(copy);
                if (words[n++] == NULL)
                        return PyErr_NoMemory();
                s += strlen(copy);
                while (*s == ' ')
                        s++;
        }
        r = PyList_New((Py_ssize_t)n);
        if (r == NULL)
                return NULL;
        for (i = 0; i < n; i++) {
                PyObject *w = PyUnicode_FromString(words[i]);
                if (w == NULL) {
                        Py_DECREF(r);
                        return NULL;
                }
                PyList_SET_ITEM(r, (Py_ssize_t)i, w);
        }
        return r;
}

static PyMethodDef methods[] = {
        {"split", split, METH_O, NULL},
        {NULL, NULL, 0, NULL}
};

static int splitmod_exec(PyObject *m);

static PyModuleDef_Slot splitmod_slots[] = {
    {Py_mod_exec, (void *)splitmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef splitmod_module = {
        PyModuleDef_HEAD_INIT, "splitmod", NULL, sizeof(splitmod_state), methods,
        splitmod_slots,
        splitmod_traverse,
        splitmod_clear,
        splitmod_free
};

static int
splitmod_exec(PyObject *m)
{
        splitmod_state *st = get_splitmod_state(m);
        st->SplitError = PyErr_NewException("splitmod.SplitError", NULL, NULL);
        if (st->SplitError == NULL)
                return -1;
        Py_INCREF(st->SplitError);
        if (PyModule_AddObject(m, "SplitError", st->SplitError) < 0) {
                Py_DECREF(st->SplitError);
                return -1;
        }
        return 0;
}

PyMODINIT_FUNC
PyInit_splitmod(void)
{
    return PyModuleDef_Init(&splitmod_module);
}
