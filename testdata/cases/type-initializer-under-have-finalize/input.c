/* A positional type initializer written for Pythons with and without tp_finalize: its flags and its
 * trailing fields sit under #ifdef Py_TPFLAGS_HAVE_FINALIZE, which every supported Python defines
 * (3.4+). Only that branch is ever compiled, so the type converts with its finalizer. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    int closed;
} HandleObject;

static int finalized;

static void
handle_finalize(PyObject *self)
{
    if (((HandleObject *)self)->closed)
        return;
    ((HandleObject *)self)->closed = 1;
    finalized++;
}

static PyObject *
handle_finalized(PyObject *module, PyObject *unused)
{
    return PyLong_FromLong(finalized);
}

static PyTypeObject Handle_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "handles.Handle",                           /* tp_name */
    sizeof(HandleObject),                       /* tp_basicsize */
    0,                                          /* tp_itemsize */
    0,                                          /* tp_dealloc */
    0,                                          /* tp_print */
    0,                                          /* tp_getattr */
    0,                                          /* tp_setattr */
    0,                                          /* tp_compare */
    0,                                          /* tp_repr */
    0,                                          /* tp_as_number */
    0,                                          /* tp_as_sequence */
    0,                                          /* tp_as_mapping */
    0,                                          /* tp_hash */
    0,                                          /* tp_call */
    0,                                          /* tp_str */
    0,                                          /* tp_getattro */
    0,                                          /* tp_setattro */
    0,                                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT                          /* tp_flags */
#ifdef Py_TPFLAGS_HAVE_FINALIZE
                       | Py_TPFLAGS_HAVE_FINALIZE
#endif
                       ,
    "A handle that notes its finalization.",    /* tp_doc */
    0,                                          /* tp_traverse */
    0,                                          /* tp_clear */
    0,                                          /* tp_richcompare */
    0,                                          /* tp_weaklistoffset */
    0,                                          /* tp_iter */
    0,                                          /* tp_iternext */
    0,                                          /* tp_methods */
    0,                                          /* tp_members */
    0,                                          /* tp_getset */
    0,                                          /* tp_base */
#ifdef Py_TPFLAGS_HAVE_FINALIZE  /* CPython >= 3.4 */
    0,                                          /* tp_dict */
    0,                                          /* tp_descr_get */
    0,                                          /* tp_descr_set */
    0,                                          /* tp_dictoffset */
    0,                                          /* tp_init */
    0,                                          /* tp_alloc */
    PyType_GenericNew,                          /* tp_new */
    0,                                          /* tp_free */
    0,                                          /* tp_is_gc */
    0,                                          /* tp_bases */
    0,                                          /* tp_mro */
    0,                                          /* tp_cache */
    0,                                          /* tp_subclasses */
    0,                                          /* tp_weaklist */
    0,                                          /* tp_del */
    0,                                          /* tp_version_tag */
    handle_finalize,                            /* tp_finalize */
#endif
};

static PyMethodDef handles_methods[] = {
    {"finalized", handle_finalized, METH_NOARGS, "How many handles were finalized."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef handles_module = {
    PyModuleDef_HEAD_INIT, "handles", NULL, -1, handles_methods
};

PyMODINIT_FUNC
PyInit_handles(void)
{
    PyObject *m;

    if (PyType_Ready(&Handle_Type) < 0)
        return NULL;
    m = PyModule_Create(&handles_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Handle_Type);
    if (PyModule_AddObject(m, "Handle", (PyObject *)&Handle_Type) < 0) {
        Py_DECREF(&Handle_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
