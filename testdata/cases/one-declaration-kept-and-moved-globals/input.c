/* ordkit: sorts C arrays of Python objects with qsort. Its globals are declared together: the
 * key function qsort's comparator reads (a plain C callback, so it stays a C global for now)
 * first, then the module's two exceptions. */
#include <Python.h>
#include <stdlib.h>

static PyObject *sort_key, *OrderError, *OrderWarning;

static int
compare_by_key(const void *pa, const void *pb)
{
    PyObject *a = *(PyObject *const *)pa;
    PyObject *b = *(PyObject *const *)pb;
    PyObject *ka = PyObject_CallOneArg(sort_key, a);
    PyObject *kb = PyObject_CallOneArg(sort_key, b);
    int r = 0;

    if (ka != NULL && kb != NULL) {
        r = PyObject_RichCompareBool(ka, kb, Py_LT) == 1 ? -1
            : PyObject_RichCompareBool(kb, ka, Py_LT) == 1 ? 1 : 0;
    }
    Py_XDECREF(ka);
    Py_XDECREF(kb);
    return r;
}

static PyObject *
ordkit_sorted_by(PyObject *module, PyObject *args)
{
    PyObject *seq, *key, *list;
    Py_ssize_t n;

    if (!PyArg_ParseTuple(args, "OO:sorted_by", &seq, &key))
        return NULL;
    if (!PyCallable_Check(key)) {
        PyErr_SetString(OrderError, "the key must be callable");
        return NULL;
    }
    list = PySequence_List(seq);
    if (list == NULL)
        return NULL;
    n = PyList_GET_SIZE(list);
    if (n > 1000) {
        if (PyErr_WarnEx(OrderWarning, "sorting more than 1000 items with a Python key", 1) < 0) {
            Py_DECREF(list);
            return NULL;
        }
    }
    sort_key = key;
    qsort(((PyListObject *)list)->ob_item, (size_t)n, sizeof(PyObject *), compare_by_key);
    sort_key = NULL;
    if (PyErr_Occurred()) {
        Py_DECREF(list);
        return NULL;
    }
    return list;
}

static PyMethodDef ordkit_methods[] = {
    {"sorted_by", ordkit_sorted_by, METH_VARARGS, "sorted_by(seq, key): a sorted list."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef ordkit_module = {
    PyModuleDef_HEAD_INIT,
    "ordkit",
    "Sorting C arrays of Python objects.",
    -1,
    ordkit_methods
};

PyMODINIT_FUNC
PyInit_ordkit(void)
{
    PyObject *m = PyModule_Create(&ordkit_module);
    if (m == NULL)
        return NULL;
    OrderError = PyErr_NewException("ordkit.OrderError", NULL, NULL);
    if (OrderError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(OrderError);
    if (PyModule_AddObject(m, "OrderError", OrderError) < 0) {
        Py_DECREF(OrderError);
        Py_DECREF(m);
        return NULL;
    }
    OrderWarning = PyErr_NewException("ordkit.OrderWarning", PyExc_UserWarning, NULL);
    if (OrderWarning == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(OrderWarning);
    if (PyModule_AddObject(m, "OrderWarning", OrderWarning) < 0) {
        Py_DECREF(OrderWarning);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
