/* rangemod: keyword lists handed to the argument parser as the address of their first entry
 * (`&kw[0]`, also cast to `char **`), as some projects write every one of them; one list at file
 * scope is given by address in one function and plainly in another. Nothing writes the lists. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static char *span_keywords[] = {"start", "stop", NULL};

static PyObject *
clamp(PyObject *module, PyObject *args, PyObject *kwargs)
{
    long value, low = 0, high = 255;
    static char *keywords[] = {
        "value",
        "low",
        "high",
        NULL
    };

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "l|ll:clamp", &keywords[0], &value, &low, &high))
        return NULL;
    if (value < low)
        value = low;
    if (value > high)
        value = high;
    return PyLong_FromLong(value);
}

static PyObject *
scale(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"value", "factor", NULL};
    double value, factor = 2.0;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "d|d:scale", (char **)&keywords[0], &value, &factor))
        return NULL;
    return PyFloat_FromDouble(value * factor);
}

static PyObject *
span_length(PyObject *module, PyObject *args, PyObject *kwargs)
{
    Py_ssize_t start, stop;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "nn:span_length", &span_keywords[0], &start, &stop))
        return NULL;
    return PyLong_FromSsize_t(stop > start ? stop - start : 0);
}

static PyObject *
span_empty(PyObject *module, PyObject *args, PyObject *kwargs)
{
    Py_ssize_t start, stop;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "nn:span_empty", span_keywords, &start, &stop))
        return NULL;
    return PyBool_FromLong(stop <= start);
}

static PyMethodDef range_methods[] = {
    {"clamp", (PyCFunction)(void (*)(void))clamp, METH_VARARGS | METH_KEYWORDS, "clamp(value, low=0, high=255)"},
    {"scale", (PyCFunction)(void (*)(void))scale, METH_VARARGS | METH_KEYWORDS, "scale(value, factor=2.0)"},
    {"span_length", (PyCFunction)(void (*)(void))span_length, METH_VARARGS | METH_KEYWORDS, "span_length(start, stop)"},
    {"span_empty", (PyCFunction)(void (*)(void))span_empty, METH_VARARGS | METH_KEYWORDS, "span_empty(start, stop)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef rangemodule = {
    PyModuleDef_HEAD_INIT, "rangemod", NULL, -1, range_methods
};

PyMODINIT_FUNC
PyInit_rangemod(void)
{
    return PyModule_Create(&rangemodule);
}
