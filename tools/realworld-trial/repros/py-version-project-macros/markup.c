/* Self-written: a static type whose initializer has #ifdef MY_PY3 around positional fields, where
 * MY_PY3 is the file's own macro, defined under #if PY_MAJOR_VERSION > 2 (always, on 3.9+). */
#include <Python.h>

#if PY_MAJOR_VERSION > 2
#define MY_PY3
#endif

typedef struct {
    PyObject_HEAD
    long n;
} TagObject;

static PyTypeObject Tag_Type = {
#ifdef MY_PY3
    PyVarObject_HEAD_INIT(NULL, 0)
#else
    PyObject_HEAD_INIT(NULL)
    0,
#endif
    "markup.Tag",
    sizeof(TagObject),
    0,
    0,          /* tp_dealloc */
    0,          /* tp_vectorcall_offset / tp_print */
    0,          /* tp_getattr */
    0,          /* tp_setattr */
#ifdef MY_PY3
    0,          /* tp_as_async */
#else
    0,          /* tp_compare */
#endif
    0,          /* tp_repr */
    0,          /* tp_as_number */
    0,          /* tp_as_sequence */
    0,          /* tp_as_mapping */
    0,          /* tp_hash */
    0,          /* tp_call */
    0,          /* tp_str */
    0,          /* tp_getattro */
    0,          /* tp_setattro */
    0,          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, /* tp_flags */
};

static struct PyModuleDef markup_module = {
    PyModuleDef_HEAD_INIT, "markup", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_markup(void)
{
    PyObject *m;
    Tag_Type.tp_new = PyType_GenericNew;
    if (PyType_Ready(&Tag_Type) < 0)
        return NULL;
    m = PyModule_Create(&markup_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Tag_Type);
    if (PyModule_AddObject(m, "Tag", (PyObject *)&Tag_Type) < 0) {
        Py_DECREF(&Tag_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
