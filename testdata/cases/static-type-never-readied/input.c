/* Static types that are never passed to PyType_Ready: CPython readies them lazily on first attribute lookup
 * (pyalsaaudio's PCM/Mixer are only added with PyModule_AddObject; pylzma's and pyahocorasick's helper types are
 * only created with PyObject_New by a factory). */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long value;
} BoxObject;

static PyTypeObject BoxType;
static PyTypeObject TokenType;

static PyObject *
box_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long v = 0;
    BoxObject *self;
    if (!PyArg_ParseTuple(args, "|l", &v))
        return NULL;
    self = PyObject_New(BoxObject, type);
    if (self != NULL)
        self->value = v;
    return (PyObject *)self;
}

static PyObject *
box_get(BoxObject *self, PyObject *noargs)
{
    return PyLong_FromLong(self->value);
}

static PyObject *
box_token(BoxObject *self, PyObject *noargs)
{
    BoxObject *t = PyObject_New(BoxObject, &TokenType);   /* a helper type only made here */
    if (t != NULL)
        t->value = self->value * 2;
    return (PyObject *)t;
}

static void
box_dealloc(BoxObject *self)
{
    PyObject_Del(self);
}

static PyMethodDef box_methods[] = {
    {"get", (PyCFunction)box_get, METH_NOARGS, NULL},
    {"token", (PyCFunction)box_token, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyMethodDef token_methods[] = {
    {"get", (PyCFunction)box_get, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject BoxType = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "boxes.Box",
    .tp_basicsize = sizeof(BoxObject),
    .tp_dealloc = (destructor)box_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = box_methods,
};

static PyTypeObject TokenType = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "boxes.Token",
    .tp_basicsize = sizeof(BoxObject),
    .tp_dealloc = (destructor)box_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = token_methods,
};

static struct PyModuleDef def = { PyModuleDef_HEAD_INIT, "boxes", NULL, -1, NULL };

PyMODINIT_FUNC
PyInit_boxes(void)
{
    PyObject *m;
    BoxType.tp_new = box_new;
    m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
    Py_INCREF(&BoxType);
    if (PyModule_AddObject(m, "Box", (PyObject *)&BoxType) < 0) {
        Py_DECREF(&BoxType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
