/* Multi-line macros whose continuation lines carry comments (as NumPy's compiled_base.c and
 * textreading/str_to_int.c have): a #define inside a function body, and one at file scope that
 * declares a local. The comments end nothing: the macro bodies are not code of their own. */
#include <Python.h>

#define DECLARE_SCALE(name, factor)                                         \
    static PyObject *                                                       \
    name(PyObject *module, PyObject *arg)                                   \
    {                                                                       \
        /* convert first (it may raise) */                                  \
        double value = PyFloat_AsDouble(arg);                               \
        PyObject *scaled;  /* a new reference (or NULL) */                  \
        if (value == -1.0 && PyErr_Occurred()) {                            \
            return NULL;                                                    \
        }                                                                   \
        scaled = PyFloat_FromDouble(value * (factor));                      \
        return scaled;                                                      \
    }

DECLARE_SCALE(double_it, 2.0)
DECLARE_SCALE(halve_it, 0.5)

static PyObject *
set_label(PyObject *module, PyObject *args)
{
    static PyObject *default_label = NULL;
    PyObject *label = NULL;
    const char *text = NULL;

    if (!PyArg_ParseTuple(args, "|O", &label)) {
        return NULL;
    }
#define CHECK_TEXT(obj)                                                     \
        if (!PyUnicode_Check(obj)) {                                        \
            PyErr_SetString(PyExc_TypeError, "a str is needed"); /* (why) */ \
            return NULL;                                                    \
        }                                                                   \
        else if ((text = PyUnicode_AsUTF8(obj)) == NULL) {                  \
            return NULL;  /* (the error is set) */                          \
        }

    if (default_label == NULL) {
        default_label = PyUnicode_InternFromString("unnamed");
        if (default_label == NULL) {
            return NULL;
        }
    }
    if (label == NULL) {
        label = default_label;
    }
    CHECK_TEXT(label);
#undef CHECK_TEXT
    return PyUnicode_FromFormat("<%s>", text);
}

static PyMethodDef labels_methods[] = {
    {"double_it", double_it, METH_O, "Twice the number."},
    {"halve_it", halve_it, METH_O, "Half the number."},
    {"set_label", set_label, METH_VARARGS, "Format a label."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef labels_module = {
    PyModuleDef_HEAD_INIT, "definecomments", NULL, -1, labels_methods,
};

PyMODINIT_FUNC
PyInit_definecomments(void)
{
    return PyModule_Create(&labels_module);
}
