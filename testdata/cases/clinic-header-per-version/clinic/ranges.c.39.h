/*[clinic input]
preserve
[clinic start generated code]*/

PyDoc_STRVAR(ranges_clamp__doc__,
"clamp($module, value, low, high, /)\n"
"--\n"
"\n"
"Clamp value into [low, high]; OutOfRange when low > high.");

#define RANGES_CLAMP_METHODDEF    \
    {"clamp", (PyCFunction)(void(*)(void))ranges_clamp, METH_FASTCALL, ranges_clamp__doc__},

static PyObject *
ranges_clamp_impl(PyObject *module, long value, long low, long high);

static PyObject *
ranges_clamp(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *return_value = NULL;
    long value;
    long low;
    long high;

    if (!_PyArg_CheckPositional("clamp", nargs, 3, 3)) {
        goto exit;
    }
    value = PyLong_AsLong(args[0]);
    if (value == -1 && PyErr_Occurred()) {
        goto exit;
    }
    low = PyLong_AsLong(args[1]);
    if (low == -1 && PyErr_Occurred()) {
        goto exit;
    }
    high = PyLong_AsLong(args[2]);
    if (high == -1 && PyErr_Occurred()) {
        goto exit;
    }
    return_value = ranges_clamp_impl(module, value, low, high);

exit:
    return return_value;
}

PyDoc_STRVAR(ranges_span__doc__,
"span($module, values, /)\n"
"--\n"
"\n"
"(min, max) of an iterable of ints; the default span for an empty one.");

#define RANGES_SPAN_METHODDEF    \
    {"span", (PyCFunction)ranges_span, METH_O, ranges_span__doc__},
/*[clinic end generated code: output=5b1c0e6f2a7d9c31 input=a9049054013a1b77]*/
