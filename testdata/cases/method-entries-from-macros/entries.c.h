/* Written in the style Argument Clinic generates: one object-like macro per
 * method table entry, its body ending with the comma. */

PyDoc_STRVAR(entries_parse__doc__,
"parse($module, text, /)\n"
"--\n"
"\n"
"Parse decimal digits.");

#define ENTRIES_PARSE_METHODDEF    \
    {"parse", (PyCFunction)entries_parse, METH_O, entries_parse__doc__},

static PyObject *
entries_parse_impl(PyObject *module, PyObject *text);

static PyObject *
entries_parse(PyObject *module, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "parse() argument must be str, not %.50s",
                     Py_TYPE(arg)->tp_name);
        return NULL;
    }
    return entries_parse_impl(module, arg);
}

PyDoc_STRVAR(Counter_bump__doc__,
"bump($self, /)\n"
"--\n"
"\n"
"Add one; raise LimitError past the limit.");

#define COUNTER_BUMP_METHODDEF    \
    {"bump", (PyCFunction)Counter_bump, METH_NOARGS, Counter_bump__doc__},

static PyObject *
Counter_bump_impl(CounterObject *self);

static PyObject *
Counter_bump(CounterObject *self, PyObject *Py_UNUSED(ignored))
{
    return Counter_bump_impl(self);
}
