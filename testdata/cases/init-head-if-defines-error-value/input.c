/* The init's head is split by a Python-version #if whose branches also define the value its error
 * returns give back (NULL for Python 3, nothing for Python 2) before the name and the `{`. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    unsigned int bits;
} MaskObject;

static PyObject *MaskError;

static PyObject *
mask_count(MaskObject *self, PyObject *noargs)
{
    unsigned int v = self->bits;
    int n = 0;
    while (v) {
        n += v & 1u;
        v >>= 1;
    }
    return PyLong_FromLong(n);
}

static int
mask_init(MaskObject *self, PyObject *args, PyObject *kwds)
{
    long v = 0;
    if (!PyArg_ParseTuple(args, "|l", &v))
        return -1;
    if (v < 0) {
        PyErr_SetString(MaskError, "a mask is not negative");
        return -1;
    }
    self->bits = (unsigned int)v;
    return 0;
}

static PyMethodDef mask_obj_methods[] = {
    {"count", (PyCFunction)mask_count, METH_NOARGS, "number of bits set"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject MaskType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "bitmask.Mask",
    sizeof(MaskObject),
};

#if PY_MAJOR_VERSION >= 3
static struct PyModuleDef bitmask_module = {
    PyModuleDef_HEAD_INIT,
    "bitmask",
    NULL,
    -1,
    NULL
};
#endif

PyMODINIT_FUNC
#if PY_MAJOR_VERSION >= 3
  #define BITMASK_FAIL NULL
PyInit_bitmask(void) {
#else
  #define BITMASK_FAIL
initbitmask(void) {
#endif
    PyObject *m;

    MaskType.tp_flags = Py_TPFLAGS_DEFAULT;
    MaskType.tp_new = PyType_GenericNew;
    MaskType.tp_init = (initproc)mask_init;
    MaskType.tp_methods = mask_obj_methods;
    if (PyType_Ready(&MaskType) < 0)
        return BITMASK_FAIL;

#if PY_MAJOR_VERSION >= 3
    m = PyModule_Create(&bitmask_module);
#else
    m = Py_InitModule("bitmask", NULL);
#endif
    if (m == NULL)
        return BITMASK_FAIL;

    MaskError = PyErr_NewException("bitmask.error", NULL, NULL);
    if (MaskError == NULL)
        return BITMASK_FAIL;
    Py_INCREF(MaskError);
    if (PyModule_AddObject(m, "error", MaskError) < 0) {
        Py_DECREF(MaskError);
        Py_DECREF(m);
        return BITMASK_FAIL;
    }
    Py_INCREF(&MaskType);
    if (PyModule_AddObject(m, "Mask", (PyObject *)&MaskType) < 0) {
        Py_DECREF(&MaskType);
        Py_DECREF(m);
        return BITMASK_FAIL;
    }
#if PY_MAJOR_VERSION >= 3
    return m;
#endif
}
