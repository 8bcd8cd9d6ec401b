/* A hand-written keyword parser: each function keeps a lazily built dict from keyword name to
 * argument index in a function-level static, and hands its address to the parser, which passes
 * it on to the function that builds it on first use and then only reads it. */
#include <Python.h>

struct kwspec {
    const char *name;
    int index;
};

#define SPEC_SIZE(spec) ((int)(sizeof(spec) / sizeof((spec)[0])))

static int
build_keywords(int count, const struct kwspec *spec, PyObject **cache)
{
    int i;

    if (!(*cache = PyDict_New())) {
        return -1;
    }
    for (i = 0; i < count; i++) {
        PyObject *key = PyUnicode_InternFromString(spec[i].name);
        PyObject *val = PyLong_FromLong(spec[i].index);
        int rc = (key && val) ? PyDict_SetItem(*cache, key, val) : -1;

        Py_XDECREF(key);
        Py_XDECREF(val);
        if (rc < 0) {
            Py_CLEAR(*cache);
            return -1;
        }
    }
    return 0;
}

/* Fills out[] (borrowed references) from args and kwds; -1 with an exception set. */
static int
parse_keywords(int count, const struct kwspec *spec, PyObject **cache,
               PyObject *args, PyObject *kwds, PyObject **out)
{
    Py_ssize_t npos = PyTuple_GET_SIZE(args);
    Py_ssize_t pos = 0;
    PyObject *key;
    PyObject *value;
    int i;

    if (npos > count) {
        PyErr_SetString(PyExc_TypeError, "too many positional arguments");
        return -1;
    }
    for (i = 0; i < npos; i++) {
        out[i] = PyTuple_GET_ITEM(args, i);
    }
    if (kwds == NULL) {
        return 0;
    }
    if (*cache == NULL && build_keywords(count, spec, cache) < 0) {
        return -1;
    }
    while (PyDict_Next(kwds, &pos, &key, &value)) {
        PyObject *index = PyDict_GetItemWithError(*cache, key);

        if (index == NULL) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_TypeError, "unexpected keyword argument %R", key);
            }
            return -1;
        }
        i = (int)PyLong_AsLong(index);
        if (out[i] != NULL) {
            PyErr_Format(PyExc_TypeError, "argument %R given twice", key);
            return -1;
        }
        out[i] = value;
    }
    return 0;
}

static PyObject *
scale(PyObject *module, PyObject *args, PyObject *kwds)
{
    static const struct kwspec spec[] = {{"value", 0}, {"factor", 1}};
    static PyObject *cache = NULL;
    PyObject *arg[2] = {NULL, NULL};

    if (parse_keywords(SPEC_SIZE(spec), spec, &cache, args, kwds, arg) < 0) {
        return NULL;
    }
    if (arg[0] == NULL) {
        PyErr_SetString(PyExc_TypeError, "'value' is required");
        return NULL;
    }
    return PyNumber_Multiply(arg[0], arg[1] ? arg[1] : Py_False);
}

static PyObject *
label(PyObject *module, PyObject *args, PyObject *kwds)
{
    static const struct kwspec spec[] = {{"text", 0}, {"prefix", 1}, {"suffix", 2}};
    static PyObject *cache = NULL;
    PyObject *arg[3] = {NULL, NULL, NULL};

    if (parse_keywords(SPEC_SIZE(spec), spec, &cache, args, kwds, arg) < 0) {
        return NULL;
    }
    return PyUnicode_FromFormat("%S%S%S", arg[1] ? arg[1] : Py_None, arg[0] ? arg[0] : Py_None,
                                arg[2] ? arg[2] : Py_None);
}

static PyMethodDef kwcache_methods[] = {
    {"scale", (PyCFunction)(void (*)(void))scale, METH_VARARGS | METH_KEYWORDS, "value * factor."},
    {"label", (PyCFunction)(void (*)(void))label, METH_VARARGS | METH_KEYWORDS, "prefix + text + suffix."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef kwcache_module = {
    PyModuleDef_HEAD_INIT, "kwcache", NULL, -1, kwcache_methods
};

PyMODINIT_FUNC
PyInit_kwcache(void)
{
    return PyModule_Create(&kwcache_module);
}
