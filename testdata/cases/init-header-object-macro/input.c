/* _levels: log levels and a threshold filter. Once built for Python 2 and 3: the init function's
 * whole header is a macro, and so is the creation of the module. */
#include <Python.h>

static PyObject *LevelError;

typedef struct {
    PyObject_HEAD
    int threshold;
} FilterObject;

static int
Filter_init(FilterObject *self, PyObject *args, PyObject *kwds)
{
    int threshold = 0;

    if (!PyArg_ParseTuple(args, "|i", &threshold))
        return -1;
    if (threshold < 0 || threshold > 50) {
        PyErr_Format(LevelError, "no level %d", threshold);
        return -1;
    }
    self->threshold = threshold;
    return 0;
}

static PyObject *
Filter_passes(FilterObject *self, PyObject *arg)
{
    long level = PyLong_AsLong(arg);

    if (level == -1 && PyErr_Occurred())
        return NULL;
    return PyBool_FromLong(level >= self->threshold);
}

static PyMethodDef Filter_methods[] = {
    {"passes", (PyCFunction)Filter_passes, METH_O, "Whether a record of this level passes."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject FilterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "_levels.Filter",                         /* tp_name */
    sizeof(FilterObject),                     /* tp_basicsize */
    0,                                        /* tp_itemsize */
    0,                                        /* tp_dealloc */
    0,                                        /* tp_print */
    0,                                        /* tp_getattr */
    0,                                        /* tp_setattr */
    0,                                        /* tp_compare */
    0,                                        /* tp_repr */
    0,                                        /* tp_as_number */
    0,                                        /* tp_as_sequence */
    0,                                        /* tp_as_mapping */
    0,                                        /* tp_hash */
    0,                                        /* tp_call */
    0,                                        /* tp_str */
    0,                                        /* tp_getattro */
    0,                                        /* tp_setattro */
    0,                                        /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, /* tp_flags */
    "Passes records at or above a level.",    /* tp_doc */
    0,                                        /* tp_traverse */
    0,                                        /* tp_clear */
    0,                                        /* tp_richcompare */
    0,                                        /* tp_weaklistoffset */
    0,                                        /* tp_iter */
    0,                                        /* tp_iternext */
    Filter_methods,                           /* tp_methods */
    0,                                        /* tp_members */
    0,                                        /* tp_getset */
    0,                                        /* tp_base */
    0,                                        /* tp_dict */
    0,                                        /* tp_descr_get */
    0,                                        /* tp_descr_set */
    0,                                        /* tp_dictoffset */
    (initproc)Filter_init,                    /* tp_init */
    0,                                        /* tp_alloc */
    PyType_GenericNew,                        /* tp_new */
};

static PyObject *
levels_check(PyObject *self, PyObject *arg)
{
    long level = PyLong_AsLong(arg);

    if (level == -1 && PyErr_Occurred())
        return NULL;
    if (level % 10 != 0 || level < 0 || level > 50) {
        PyErr_Format(LevelError, "no level %ld", level);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef LevelsMethods[] = {
    {"check", levels_check, METH_O, "Raise LevelError unless the level is a known one."},
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
  #define LEVELS_INIT_ERROR NULL
  static struct PyModuleDef levels_module = {
    PyModuleDef_HEAD_INIT,
    "_levels",
    NULL,
    -1,
    LevelsMethods
  };

  #define LEVELS_PROTOTYPE_HEADER PyObject * PyInit__levels (void)
  #define LEVELS_MODULE_CREATOR PyModule_Create (&levels_module)
#else
  #define LEVELS_INIT_ERROR
  #define LEVELS_PROTOTYPE_HEADER void init_levels (void)
  #define LEVELS_MODULE_CREATOR Py_InitModule ("_levels", LevelsMethods)
#endif

LEVELS_PROTOTYPE_HEADER
{
  PyObject *m = LEVELS_MODULE_CREATOR;

  if (m == NULL)
    return LEVELS_INIT_ERROR;

  if (PyType_Ready (&FilterType) < 0)
    return LEVELS_INIT_ERROR;
  Py_INCREF (&FilterType);
  PyModule_AddObject (m, "Filter", (PyObject *) &FilterType);

  PyModule_AddIntConstant (m, "DEBUG", 10);
  PyModule_AddIntConstant (m, "ERROR", 40);

  LevelError = PyErr_NewException ("_levels.LevelError", PyExc_ValueError, NULL);
  Py_INCREF (LevelError);
  PyModule_AddObject (m, "LevelError", LevelError);

#if PY_MAJOR_VERSION >= 3
  return m;
#endif
}
