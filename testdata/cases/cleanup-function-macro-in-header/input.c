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

static PyObject *SplitError;

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
                PyErr_SetString(SplitError, "empty");
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

static struct PyModuleDef splitmod_module = {
        PyModuleDef_HEAD_INIT, "splitmod", NULL, -1, methods
};

PyMODINIT_FUNC
PyInit_splitmod(void)
{
        PyObject *m = PyModule_Create(&splitmod_module);
        if (m == NULL)
                return NULL;
        SplitError = PyErr_NewException("splitmod.SplitError", NULL, NULL);
        if (SplitError == NULL) {
                Py_DECREF(m);
                return NULL;
        }
        Py_INCREF(SplitError);
        if (PyModule_AddObject(m, "SplitError", SplitError) < 0) {
                Py_DECREF(SplitError);
                Py_DECREF(m);
                return NULL;
        }
        return m;
}
