/* A multi-phase module that is not isolated yet: its m_free takes no parameters and is named in
 * the def through a cast (the C port of a 3.9 stdlib module does this). */
#include <Python.h>

static PyObject *cache = NULL;
static PyObject *joiner = NULL;

static PyObject *
remember(PyObject *self, PyObject *arg)
{
    if (PyDict_SetItem(cache, arg, Py_True) < 0) {
        return NULL;
    }
    return PyLong_FromSsize_t(PyDict_Size(cache));
}

static PyObject *
joined(PyObject *self, PyObject *args)
{
    PyObject *keys = PyDict_Keys(cache);
    if (keys == NULL) {
        return NULL;
    }
    if (PyList_Sort(keys) < 0) {
        Py_DECREF(keys);
        return NULL;
    }
    PyObject *out = PyObject_CallOneArg(joiner, keys);
    Py_DECREF(keys);
    return out;
}

static PyMethodDef keep_methods[] = {
    {"remember", remember, METH_O, NULL},
    {"joined", joined, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static void
module_free()
{
    Py_CLEAR(cache);
    Py_XDECREF(joiner);
    joiner = NULL;
}

static int
keep_exec(PyObject *m)
{
    cache = PyDict_New();
    if (cache == NULL) {
        return -1;
    }
    joiner = PyObject_GetAttrString(m, "__name__");
    if (joiner == NULL) {
        return -1;
    }
    Py_SETREF(joiner, PyUnicode_FromString(","));
    if (joiner == NULL) {
        return -1;
    }
    Py_SETREF(joiner, PyObject_GetAttrString(joiner, "join"));
    if (joiner == NULL) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot keep_slots[] = {
    {Py_mod_exec, keep_exec},
    {0, NULL}
};

static struct PyModuleDef keep_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "keep",
    .m_size = 0,
    .m_methods = keep_methods,
    .m_slots = keep_slots,
    .m_free = (freefunc)module_free,
};

PyMODINIT_FUNC
PyInit_keep(void)
{
    return PyModuleDef_Init(&keep_module);
}
