/* tally: counters that count up, for Python 2 and 3 alike. The file's own flags are set under
 * Python-version tests and read with #ifdef / #ifndef / defined() further down. */
#include <Python.h>

#if PY_MAJOR_VERSION == 2
#define TALLY_PY2
#endif

#if PY_VERSION_HEX >= 0x03000000
#define TALLY_PY3
#endif

#ifdef TALLY_PY3
#define TALLY_TEXT
#endif

#ifdef TALLY_PY2
#define TALLY_OLD_INIT
#endif

#if PY_MAJOR_VERSION < 3
#define TALLY_NO_ASYNC 1
#else
#undef TALLY_NO_ASYNC
#endif

typedef struct {
    PyObject_HEAD
    long count;
} TallyObject;

static PyObject *
Tally_up(TallyObject *self, PyObject *unused)
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyObject *
Tally_name(TallyObject *self, PyObject *unused)
{
#if defined(TALLY_TEXT)
    return PyUnicode_FromString("tally");
#else
    return PyString_FromString("tally");
#endif
}

static PyMethodDef Tally_methods[] = {
    {"up", (PyCFunction)Tally_up, METH_NOARGS, "Counts one more."},
    {"name", (PyCFunction)Tally_name, METH_NOARGS, "The counter's name."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject TallyType = {
#ifdef TALLY_PY3
    PyVarObject_HEAD_INIT(NULL, 0)
#else
    PyObject_HEAD_INIT(NULL)
    0,
#endif
    "tally.Tally",              /* tp_name */
    sizeof(TallyObject),        /* tp_basicsize */
    0,                          /* tp_itemsize */
    0,                          /* tp_dealloc */
    0,                          /* tp_vectorcall_offset / tp_print */
    0,                          /* tp_getattr */
    0,                          /* tp_setattr */
#ifndef TALLY_NO_ASYNC
    0,                          /* tp_as_async */
#else
    0,                          /* tp_compare */
    0,                          /* (an extra slot of the old layout) */
#endif
    0,                          /* tp_repr */
    0,                          /* tp_as_number */
    0,                          /* tp_as_sequence */
    0,                          /* tp_as_mapping */
    0,                          /* tp_hash */
    0,                          /* tp_call */
    0,                          /* tp_str */
    0,                          /* tp_getattro */
    0,                          /* tp_setattro */
    0,                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,         /* tp_flags */
    "Counts up.",               /* tp_doc */
    0,                          /* tp_traverse */
    0,                          /* tp_clear */
    0,                          /* tp_richcompare */
    0,                          /* tp_weaklistoffset */
    0,                          /* tp_iter */
    0,                          /* tp_iternext */
    Tally_methods,              /* tp_methods */
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

#ifndef TALLY_PY2
static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT, "tally", "Counters.", -1, NULL
};
#endif

#ifdef TALLY_OLD_INIT
PyMODINIT_FUNC
inittally(void)
#else
PyMODINIT_FUNC
PyInit_tally(void)
#endif
{
    PyObject *m;

    if (PyType_Ready(&TallyType) < 0)
        goto error;
#ifdef TALLY_PY2
    m = Py_InitModule3("tally", NULL, "Counters.");
#else
    m = PyModule_Create(&tally_module);
#endif
    if (m == NULL)
        goto error;
    Py_INCREF(&TallyType);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&TallyType) < 0) {
        Py_DECREF(&TallyType);
        Py_DECREF(m);
        goto error;
    }
#ifdef TALLY_PY2
    return;
#else
    return m;
#endif

error:
#ifdef TALLY_PY2
    return;
#else
    return NULL;
#endif
}
