/* Lazy caches in functions that receive no module: a function of the module's C-API (not
 * static, so other code may call it without a module at hand), one that raises only on its slow
 * path, and a callback a C helper calls through a pointer. None of them can reach the module
 * state, so their caches are kept per interpreter. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Functions other extensions call (exported from the shared object). */
#define LAZYCACHE_API __attribute__((visibility("default")))

/* Stores module.attr in *cache the first time it is asked (the npy_cache_import idiom). */
static void
cache_import(const char *module, const char *attr, PyObject **cache)
{
    if (*cache == NULL) {
        PyObject *mod = PyImport_ImportModule(module);
        if (mod != NULL) {
            *cache = PyObject_GetAttrString(mod, attr);
            Py_DECREF(mod);
        }
    }
}

/* C-API: a Fraction num/den, or NULL with an exception set. */
LAZYCACHE_API PyObject *
lazycache_fraction(long num, long den)
{
    static PyObject *fraction_type = NULL;

    cache_import("fractions", "Fraction", &fraction_type);
    if (fraction_type == NULL)
        return NULL;
    return PyObject_CallFunction(fraction_type, "ll", num, den);
}

/* C-API: 0 when 0 <= index < size, else -1 with json.JSONDecodeError set (a stand-in for a
 * project's own exception class that lives in Python code). */
LAZYCACHE_API int
lazycache_check_index(Py_ssize_t index, Py_ssize_t size)
{
    if (index < 0 || index >= size) {
        static PyObject *error_type = NULL;
        PyObject *exc;

        cache_import("json", "JSONDecodeError", &error_type);
        if (error_type == NULL)
            return -1;
        exc = PyObject_CallFunction(error_type, "ssn", "index out of range", "", index);
        if (exc == NULL)
            return -1;
        PyErr_SetObject(error_type, exc);
        Py_DECREF(exc);
        return -1;
    }
    return 0;
}

typedef int (*item_visitor)(PyObject *item, void *arg);

static int
for_each(PyObject *iterable, item_visitor visit, void *arg)
{
    PyObject *it = PyObject_GetIter(iterable);
    PyObject *item;
    if (it == NULL)
        return -1;
    while ((item = PyIter_Next(it)) != NULL) {
        int r = visit(item, arg);
        Py_DECREF(item);
        if (r < 0) {
            Py_DECREF(it);
            return -1;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

/* Appends item to the list in arg by calling its append method. */
static int
append_item(PyObject *item, void *arg)
{
    static PyObject *append_name = NULL;
    PyObject *r;

    if (append_name == NULL) {
        append_name = PyUnicode_InternFromString("append");
        if (append_name == NULL)
            return -1;
    }
    r = PyObject_CallMethodObjArgs((PyObject *)arg, append_name, item, NULL);
    if (r == NULL)
        return -1;
    Py_DECREF(r);
    return 0;
}

static PyObject *
lazycache_collect(PyObject *self, PyObject *iterable)
{
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    if (for_each(iterable, append_item, list) < 0) {
        Py_DECREF(list);
        return NULL;
    }
    return list;
}

static PyObject *
lazycache_make_fraction(PyObject *self, PyObject *args)
{
    long num, den;
    if (!PyArg_ParseTuple(args, "ll", &num, &den))
        return NULL;
    return lazycache_fraction(num, den);
}

static PyObject *
lazycache_check(PyObject *self, PyObject *args)
{
    Py_ssize_t index, size;
    if (!PyArg_ParseTuple(args, "nn", &index, &size))
        return NULL;
    if (lazycache_check_index(index, size) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef lazycache_methods[] = {
    {"collect", lazycache_collect, METH_O, "A list of the items of an iterable."},
    {"fraction", lazycache_make_fraction, METH_VARARGS, "fractions.Fraction(num, den)."},
    {"check", lazycache_check, METH_VARARGS, "Raise json.JSONDecodeError unless 0 <= index < size."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef lazycache_module = {
    PyModuleDef_HEAD_INIT,
    "lazycache",
    "Lazy caches in functions without a module.",
    -1,
    lazycache_methods
};

PyMODINIT_FUNC
PyInit_lazycache(void)
{
    return PyModule_Create(&lazycache_module);
}
