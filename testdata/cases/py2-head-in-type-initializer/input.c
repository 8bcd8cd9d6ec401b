/* Types written for Python 2 and 3 at once: the head of each positional initializer is chosen by a
 * version #if (brotli, pycurl and pycosat write it this way). No supported version compiles the
 * Python 2 branch. */
#include <Python.h>

#if PY_MAJOR_VERSION >= 3
#define IS_PY3K
#endif

typedef struct {
    PyObject_HEAD
    int level;
} CompressorObject;

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

static PyObject *
compressor_level(CompressorObject *self, PyObject *noargs)
{
    return PyLong_FromLong(self->level);
}

static int
compressor_init(CompressorObject *self, PyObject *args, PyObject *kwds)
{
    self->level = 11;
    if (!PyArg_ParseTuple(args, "|i", &self->level))
        return -1;
    return 0;
}

static PyMethodDef compressor_methods[] = {
    {"level", (PyCFunction)compressor_level, METH_NOARGS, NULL},
    {NULL}
};

static PyTypeObject CompressorType = {
  #if PY_MAJOR_VERSION >= 3
  PyVarObject_HEAD_INIT(NULL, 0)
  #else
  PyObject_HEAD_INIT(NULL)
  0,                                     /* ob_size*/
  #endif
  "brmod.Compressor",                    /* tp_name */
  sizeof(CompressorObject),              /* tp_basicsize */
  0,                                     /* tp_itemsize */
  0,                                     /* tp_dealloc */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  Py_TPFLAGS_DEFAULT,                    /* tp_flags */
  0, 0, 0, 0, 0, 0, 0,
  compressor_methods,                    /* tp_methods */
  0, 0, 0, 0, 0, 0, 0,
  (initproc)compressor_init,             /* tp_init */
  0,                                     /* tp_alloc */
  PyType_GenericNew,                     /* tp_new */
};

static PyObject *
counter_next(CounterObject *self)
{
    if (self->count >= 3)
        return NULL;
    return PyLong_FromLong(self->count++);
}

static PyTypeObject CounterType = {
#ifndef IS_PY3K
    PyObject_HEAD_INIT(NULL)
    0,                          /* ob_size */
#else
    PyVarObject_HEAD_INIT(NULL, 0)
#endif
    "brmod.Counter",            /* tp_name */
    sizeof(CounterObject),      /* tp_basicsize */
    0,                          /* tp_itemsize */
    0,                          /* tp_dealloc */
    0,                          /* tp_vectorcall_offset */
    0,                          /* tp_getattr */
    0,                          /* tp_setattr */
    0,                          /* tp_as_async */
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
    0,                          /* tp_doc */
    0,                          /* tp_traverse */
    0,                          /* tp_clear */
    0,                          /* tp_richcompare */
    0,                          /* tp_weaklistoffset */
    PyObject_SelfIter,          /* tp_iter */
    (iternextfunc)counter_next, /* tp_iternext */
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

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "brmod", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_brmod(void)
{
    PyObject *m;
    if (PyType_Ready(&CompressorType) < 0)
        return NULL;
    if (PyType_Ready(&CounterType) < 0)
        return NULL;
    m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
    Py_INCREF(&CompressorType);
    PyModule_AddObject(m, "Compressor", (PyObject *)&CompressorType);
    Py_INCREF(&CounterType);
    PyModule_AddObject(m, "Counter", (PyObject *)&CounterType);
    return m;
}
