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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *default_label; /* was: static PyObject *default_label in set_label() */
} definecomments_state;

static inline definecomments_state *
get_definecomments_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (definecomments_state *)state;
}

static int
definecomments_traverse(PyObject *module, visitproc visit, void *arg)
{
    definecomments_state *st = get_definecomments_state(module);
    Py_VISIT(st->default_label);
    return 0;
}

static int
definecomments_clear(PyObject *module)
{
    definecomments_state *st = get_definecomments_state(module);
    Py_CLEAR(st->default_label);
    return 0;
}

static void
definecomments_free(void *module)
{
    (void)definecomments_clear((PyObject *)module);
}

static PyObject *
set_label(PyObject *module, PyObject *args)
{
    definecomments_state *st = get_definecomments_state(module);
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

    if (st->default_label == NULL) {
        st->default_label = PyUnicode_InternFromString("unnamed");
        if (st->default_label == NULL) {
            return NULL;
        }
    }
    if (label == NULL) {
        label = st->default_label;
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

static int definecomments_exec(PyObject *module);

static PyModuleDef_Slot definecomments_slots[] = {
    {Py_mod_exec, (void *)definecomments_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef labels_module = {
    PyModuleDef_HEAD_INIT, "definecomments", NULL, sizeof(definecomments_state), labels_methods,
    definecomments_slots,
    definecomments_traverse,
    definecomments_clear,
    definecomments_free,
};

static int
definecomments_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_definecomments(void)
{
    return PyModuleDef_Init(&labels_module);
}
