/* ordkit: sorts C arrays of Python objects with qsort. Its globals are declared together: the
 * key function qsort's comparator reads (a plain C callback, so it stays a C global for now)
 * first, then the module's two exceptions. */
#include <Python.h>
#include <stdlib.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *OrderError;   /* was: static PyObject *OrderError */
    PyObject *OrderWarning; /* was: static PyObject *OrderWarning */
} ordkit_state;

static inline ordkit_state *
get_ordkit_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (ordkit_state *)state;
}

static int
ordkit_traverse(PyObject *module, visitproc visit, void *arg)
{
    ordkit_state *st = get_ordkit_state(module);
    Py_VISIT(st->OrderError);
    Py_VISIT(st->OrderWarning);
    return 0;
}

static int
ordkit_clear(PyObject *module)
{
    ordkit_state *st = get_ordkit_state(module);
    Py_CLEAR(st->OrderError);
    Py_CLEAR(st->OrderWarning);
    return 0;
}

static void
ordkit_free(void *module)
{
    (void)ordkit_clear((PyObject *)module);
}

static PyObject *sort_key;

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
    ordkit_state *st = get_ordkit_state(module);
    PyObject *seq, *key, *list;
    Py_ssize_t n;

    if (!PyArg_ParseTuple(args, "OO:sorted_by", &seq, &key))
        return NULL;
    if (!PyCallable_Check(key)) {
        PyErr_SetString(st->OrderError, "the key must be callable");
        return NULL;
    }
    list = PySequence_List(seq);
    if (list == NULL)
        return NULL;
    n = PyList_GET_SIZE(list);
    if (n > 1000) {
        if (PyErr_WarnEx(st->OrderWarning, "sorting more than 1000 items with a Python key", 1) < 0) {
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

static int ordkit_exec(PyObject *m);

static PyModuleDef_Slot ordkit_slots[] = {
    {Py_mod_exec, (void *)ordkit_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef ordkit_module = {
    PyModuleDef_HEAD_INIT,
    "ordkit",
    "Sorting C arrays of Python objects.",
    sizeof(ordkit_state),
    ordkit_methods,
    ordkit_slots,
    ordkit_traverse,
    ordkit_clear,
    ordkit_free
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int ordkit_loaded_once = 0;

static int
ordkit_exec(PyObject *m)
{
    ordkit_state *st = get_ordkit_state(m);
    if (ordkit_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "ordkit cannot be loaded more than once per process");
        return -1;
    }
    st->OrderError = PyErr_NewException("ordkit.OrderError", NULL, NULL);
    if (st->OrderError == NULL)
        return -1;
    Py_INCREF(st->OrderError);
    if (PyModule_AddObject(m, "OrderError", st->OrderError) < 0) {
        Py_DECREF(st->OrderError);
        return -1;
    }
    st->OrderWarning = PyErr_NewException("ordkit.OrderWarning", PyExc_UserWarning, NULL);
    if (st->OrderWarning == NULL)
        return -1;
    Py_INCREF(st->OrderWarning);
    if (PyModule_AddObject(m, "OrderWarning", st->OrderWarning) < 0) {
        Py_DECREF(st->OrderWarning);
        return -1;
    }
    ordkit_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_ordkit(void)
{
    return PyModuleDef_Init(&ordkit_module);
}
