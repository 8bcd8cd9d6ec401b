/* A serializer drives a small encoder through a table of callbacks; one of them asks a helper
 * whether a value is a fractions.Fraction, and the helper finds the module (and the type cached in
 * its state) with PyState_FindModule: nothing on the way from the module function to the helper
 * carries the module, so under multi-phase init the lookup would find nothing. */
#include <Python.h>

typedef struct {
    PyObject *fraction_type;
} tagstate;

static struct PyModuleDef tagmodule;

typedef struct encoder encoder;
struct encoder {
    int (*tag_of)(PyObject *value, encoder *enc);
    void *user;
};

static int
value_is_fraction(PyObject *value)
{
    PyObject *module = PyState_FindModule(&tagmodule);
    tagstate *state;
    int r;

    if (module == NULL)
        return 0;
    state = (tagstate *)PyModule_GetState(module);
    if (state->fraction_type == NULL)
        return 0;
    r = PyObject_IsInstance(value, state->fraction_type);
    if (r < 0) {
        PyErr_Clear();
        return 0;
    }
    return r;
}

static int
default_tag_of(PyObject *value, encoder *enc)
{
    (void)enc;
    if (PyLong_Check(value))
        return 'i';
    if (PyFloat_Check(value) || value_is_fraction(value))
        return 'r';
    if (PyUnicode_Check(value))
        return 's';
    return '?';
}

static PyObject *
tag_encode(encoder *enc, PyObject *seq)
{
    Py_ssize_t i, n;
    PyObject *out;

    seq = PySequence_Fast(seq, "tags() takes a sequence");
    if (seq == NULL)
        return NULL;
    n = PySequence_Fast_GET_SIZE(seq);
    out = PyBytes_FromStringAndSize(NULL, n);
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    for (i = 0; i < n; i++)
        PyBytes_AS_STRING(out)[i] = (char)enc->tag_of(PySequence_Fast_GET_ITEM(seq, i), enc);
    Py_DECREF(seq);
    return out;
}

static PyObject *
tag_tags(PyObject *self, PyObject *seq)
{
    encoder enc = {default_tag_of, NULL};

    (void)self;
    return tag_encode(&enc, seq);
}

static PyMethodDef tag_methods[] = {
    {"tags", tag_tags, METH_O, "One type tag per item."},
    {NULL, NULL, 0, NULL}
};

static int
tag_traverse(PyObject *m, visitproc visit, void *arg)
{
    Py_VISIT(((tagstate *)PyModule_GetState(m))->fraction_type);
    return 0;
}

static int
tag_clear(PyObject *m)
{
    Py_CLEAR(((tagstate *)PyModule_GetState(m))->fraction_type);
    return 0;
}

static struct PyModuleDef tagmodule = {
    PyModuleDef_HEAD_INIT,
    "tagger",
    NULL,
    sizeof(tagstate),
    tag_methods,
    NULL,
    tag_traverse,
    tag_clear,
    NULL
};

PyMODINIT_FUNC
PyInit_tagger(void)
{
    PyObject *m = PyModule_Create(&tagmodule);
    PyObject *fractions;

    if (m == NULL)
        return NULL;
    fractions = PyImport_ImportModule("fractions");
    if (fractions == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    ((tagstate *)PyModule_GetState(m))->fraction_type = PyObject_GetAttrString(fractions, "Fraction");
    Py_DECREF(fractions);
    if (((tagstate *)PyModule_GetState(m))->fraction_type == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
