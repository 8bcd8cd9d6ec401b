/* As instance-freed-by-a-helper, but the helper frees the object inside a larger statement (a comma
 * expression): no place for untracking and dropping the type reference, so the type stays static. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long *bounds;
    Py_ssize_t count;
} SpanObject;

static PyObject *span_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    return type->tp_alloc(type, 0);
}

static int span_fill(SpanObject *self, Py_ssize_t count)
{
    if (count < 0) {
        PyErr_SetString(PyExc_ValueError, "negative count");
        return (PyObject_Free(self), -1);
    }
    self->bounds = PyMem_Calloc(count + 1, sizeof(long));
    self->count = count;
    return 0;
}

static void span_dealloc(SpanObject *self)
{
    PyMem_Free(self->bounds);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *span_count(SpanObject *self, PyObject *unused)
{
    return PyLong_FromSsize_t(self->count);
}

static PyMethodDef span_methods[] = {
    {"count", (PyCFunction)span_count, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Span_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spans.Span",
    .tp_basicsize = sizeof(SpanObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = span_new,
    .tp_dealloc = (destructor)span_dealloc,
    .tp_methods = span_methods,
};

static PyObject *make(PyObject *module, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    PyObject *self;

    if (n == -1 && PyErr_Occurred())
        return NULL;
    self = span_new(&Span_Type, NULL, NULL);
    if (self == NULL)
        return NULL;
    if (span_fill((SpanObject *)self, n) < 0)
        return NULL;
    return self;
}

static PyMethodDef module_methods[] = {
    {"make", make, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef spans_module = {
    PyModuleDef_HEAD_INIT, "spans", NULL, -1, module_methods
};

PyMODINIT_FUNC PyInit_spans(void)
{
    PyObject *m;

    if (PyType_Ready(&Span_Type) < 0)
        return NULL;
    m = PyModule_Create(&spans_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Span_Type);
    if (PyModule_AddObject(m, "Span", (PyObject *)&Span_Type) < 0) {
        Py_DECREF(&Span_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
