/* Type flags completed under #ifdef, for flags newer than the oldest supported Python
 * (immutables marks its map as a mapping for `match` where Py_TPFLAGS_MAPPING exists). */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;
} MapObject;

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;
} SeqObject;

static Py_ssize_t
map_len(MapObject *self)
{
    return self->size;
}

static PyObject *
map_subscript(MapObject *self, PyObject *key)
{
    return PyLong_FromSsize_t(self->size);
}

static PyMappingMethods map_as_mapping = {
    .mp_length = (lenfunc)map_len,
    .mp_subscript = (binaryfunc)map_subscript,
};

static PyTypeObject MapType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "flagmod.Map",
    .tp_basicsize = sizeof(MapObject),
    .tp_as_mapping = &map_as_mapping,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE
#ifdef Py_TPFLAGS_MAPPING
        | Py_TPFLAGS_MAPPING
#endif
        ,
    .tp_new = PyType_GenericNew,
};

static Py_ssize_t
seq_len(SeqObject *self)
{
    return 3;
}

static PyObject *
seq_item(SeqObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= 3) {
        PyErr_SetString(PyExc_IndexError, "index out of range");
        return NULL;
    }
    return PyLong_FromSsize_t(i * 10);
}

static PySequenceMethods seq_as_sequence = {
    (lenfunc)seq_len,           /* sq_length */
    0,                          /* sq_concat */
    0,                          /* sq_repeat */
    (ssizeargfunc)seq_item,     /* sq_item */
};

static PyTypeObject SeqType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "flagmod.Seq",              /* tp_name */
    sizeof(SeqObject),          /* tp_basicsize */
    0,                          /* tp_itemsize */
    0,                          /* tp_dealloc */
    0,                          /* tp_vectorcall_offset */
    0,                          /* tp_getattr */
    0,                          /* tp_setattr */
    0,                          /* tp_as_async */
    0,                          /* tp_repr */
    0,                          /* tp_as_number */
    &seq_as_sequence,           /* tp_as_sequence */
    0,                          /* tp_as_mapping */
    0,                          /* tp_hash */
    0,                          /* tp_call */
    0,                          /* tp_str */
    0,                          /* tp_getattro */
    0,                          /* tp_setattro */
    0,                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT          /* tp_flags */
#if defined(Py_TPFLAGS_SEQUENCE)
    | Py_TPFLAGS_SEQUENCE
#endif
    ,
    0,                          /* tp_doc */
    0,                          /* tp_traverse */
    0,                          /* tp_clear */
    0,                          /* tp_richcompare */
    0,                          /* tp_weaklistoffset */
    0,                          /* tp_iter */
    0,                          /* tp_iternext */
    0,                          /* tp_methods */
    0,                          /* tp_members */
    0,                          /* tp_getset */
    0,                          /* tp_base */
    0,                          /* tp_dict */
    0,                          /* tp_descr_get */
    0,                          /* tp_descr_set */
    0,                          /* tp_dictoffset */
    0,                          /* tp_init */
    0,                          /* tp_alloc */
    PyType_GenericNew,          /* tp_new */
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "flagmod", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_flagmod(void)
{
    PyObject *m;
    if (PyType_Ready(&MapType) < 0)
        return NULL;
    if (PyType_Ready(&SeqType) < 0)
        return NULL;
    m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
    Py_INCREF(&MapType);
    if (PyModule_AddObject(m, "Map", (PyObject *)&MapType) < 0)
        return NULL;
    Py_INCREF(&SeqType);
    if (PyModule_AddObject(m, "Seq", (PyObject *)&SeqType) < 0)
        return NULL;
    return m;
}
