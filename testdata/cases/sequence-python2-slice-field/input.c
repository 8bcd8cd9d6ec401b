/* A positional PySequenceMethods still written with Python 2's sq_slice and sq_ass_slice in the places
 * Python 3 keeps as was_sq_slice and was_sq_ass_slice, never read. The slicing functions are reached
 * through mp_subscript too; the heap type's spec has no slot for those two fields, so they go. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    char data[8];
} BufObject;

static Py_ssize_t
buf_length(BufObject *self)
{
    return 8;
}

static PyObject *
buf_item(BufObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= 8) {
        PyErr_SetString(PyExc_IndexError, "index out of range");
        return NULL;
    }
    return PyBytes_FromStringAndSize(self->data + i, 1);
}

static PyObject *
buf_slice(BufObject *self, Py_ssize_t left, Py_ssize_t right)
{
    return PyBytes_FromStringAndSize(self->data + left, right - left);
}

static PyObject *
buf_subscript(BufObject *self, PyObject *item)
{
    Py_ssize_t start, stop, step, length;

    if (PyIndex_Check(item)) {
        Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        return buf_item(self, i < 0 ? i + 8 : i);
    }
    if (PySlice_GetIndicesEx(item, 8, &start, &stop, &step, &length) < 0)
        return NULL;
    if (step != 1) {
        PyErr_SetString(PyExc_ValueError, "step must be 1");
        return NULL;
    }
    return buf_slice(self, start, stop);
}

static PySequenceMethods buf_as_sequence = {
    (lenfunc)buf_length, /*sq_length*/
    (binaryfunc)0, /*sq_concat*/
    (ssizeargfunc)0, /*sq_repeat*/
    (ssizeargfunc)buf_item, /*sq_item*/
    (ssizessizeargfunc)buf_slice, /*sq_slice*/
};

static PyMappingMethods buf_as_mapping = {
    (lenfunc)buf_length, /*mp_length*/
    (binaryfunc)buf_subscript, /*mp_subscript*/
    0, /*mp_ass_subscript*/
};

static PyObject *
buf_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    BufObject *self = (BufObject *)type->tp_alloc(type, 0);

    if (self != NULL)
        memcpy(self->data, "abcdefgh", 8);
    return (PyObject *)self;
}

static PyTypeObject Buf_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "bufs.Buf",
    .tp_basicsize = sizeof(BufObject),
    .tp_as_sequence = &buf_as_sequence,
    .tp_as_mapping = &buf_as_mapping,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = buf_new,
};

static struct PyModuleDef bufs_module = {
    PyModuleDef_HEAD_INIT, "bufs", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_bufs(void)
{
    PyObject *m;

    if (PyType_Ready(&Buf_Type) < 0)
        return NULL;
    m = PyModule_Create(&bufs_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Buf_Type);
    if (PyModule_AddObject(m, "Buf", (PyObject *)&Buf_Type) < 0) {
        Py_DECREF(&Buf_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
