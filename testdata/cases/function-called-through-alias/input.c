/* A helper called under another name: an object-like macro renames it for the build at hand
 * (simplejson's join_list_string -> join_list_unicode, immutables' aliases). The calls through the
 * alias are calls of the helper, not its address being taken. */
#include <Python.h>

static PyObject *separator = NULL;
static long joins_done;

static PyObject *
join_list_text(PyObject *items)
{
    joins_done++;
    return PyUnicode_Join(separator, items);
}

#if PY_MAJOR_VERSION >= 3
#define join_list_native join_list_text
#else
#define join_list_native join_list_bytes
#endif

static PyObject *
join(PyObject *module, PyObject *items)
{
    return join_list_native(items);
}

static PyObject *
join_twice(PyObject *module, PyObject *items)
{
    PyObject *once = join_list_native(items);
    PyObject *pair, *res;
    if (once == NULL)
        return NULL;
    pair = PyTuple_Pack(2, once, once);
    Py_DECREF(once);
    if (pair == NULL)
        return NULL;
    res = join_list_native(pair);
    Py_DECREF(pair);
    return res;
}

static PyObject *
count(PyObject *module, PyObject *noargs)
{
    return PyLong_FromLong(joins_done);
}

static PyMethodDef methods[] = {
    {"join", join, METH_O, NULL},
    {"join_twice", join_twice, METH_O, NULL},
    {"count", count, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "aliasmod", NULL, -1, methods};

PyMODINIT_FUNC
PyInit_aliasmod(void)
{
    PyObject *m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
    separator = PyUnicode_FromString("-");
    if (separator == NULL)
        return NULL;
    return m;
}
