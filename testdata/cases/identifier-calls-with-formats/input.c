/*
 * adaptreg: a small adaptation registry in the style of the PEP 246 helpers
 * that database drivers carry.  Methods are looked up through _Py_IDENTIFIER
 * strings, as CPython's own modules did before 3.12.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

_Py_IDENTIFIER(upper);
_Py_IDENTIFIER(join);

static PyObject *adapters = NULL;   /* dict: type -> callable */

static PyObject *
adaptreg_register(PyObject *self, PyObject *args)
{
    PyObject *type, *adapter;

    if (!PyArg_ParseTuple(args, "OO", &type, &adapter))
        return NULL;
    if (PyDict_SetItem(adapters, type, adapter) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
adaptreg_adapt(PyObject *self, PyObject *obj)
{
    PyObject *adapter = PyDict_GetItemWithError(adapters, (PyObject *)Py_TYPE(obj));

    if (adapter != NULL)
        return PyObject_CallOneArg(adapter, obj);
    if (PyErr_Occurred())
        return NULL;
    /* a tuple given to "O" becomes the argument list: keep that meaning */
    {
        _Py_IDENTIFIER(__conform__);
        if (PyObject_HasAttrString(obj, "__conform__"))
            return _PyObject_CallMethodId(obj, &PyId___conform__, "O", self);
    }
    Py_INCREF(obj);
    return obj;
}

static PyObject *
adaptreg_shout(PyObject *self, PyObject *text)
{
    return _PyObject_CallMethodId(text, &PyId_upper, NULL);
}

static PyObject *
adaptreg_joined(PyObject *self, PyObject *args)
{
    PyObject *sep, *a, *b, *pair, *res;

    if (!PyArg_ParseTuple(args, "OOO", &sep, &a, &b))
        return NULL;
    pair = PyTuple_Pack(2, a, b);
    if (pair == NULL)
        return NULL;
    if (PyUnicode_Check(sep))
        res = _PyObject_CallMethodId(sep, &PyId_join, "(O)", pair);
    else
        res = _PyObject_CallMethodId(sep, &PyId_join, "OO", a, b);
    Py_DECREF(pair);
    return res;
}

static PyMethodDef adaptreg_methods[] = {
    {"register", adaptreg_register, METH_VARARGS, "register(type, adapter)"},
    {"adapt", adaptreg_adapt, METH_O, "adapt(obj)"},
    {"shout", adaptreg_shout, METH_O, "shout(text)"},
    {"joined", adaptreg_joined, METH_VARARGS, "joined(sep, a, b)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef adaptreg_module = {
    PyModuleDef_HEAD_INIT,
    "adaptreg",
    "Adaptation registry.",
    -1,
    adaptreg_methods
};

PyMODINIT_FUNC
PyInit_adaptreg(void)
{
    PyObject *m = PyModule_Create(&adaptreg_module);

    if (m == NULL)
        return NULL;
    adapters = PyDict_New();
    if (adapters == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
