/* A Python 2/3 dual source whose init function's name is picked by a version #if between
 * PyMODINIT_FUNC and the body, and whose error and final returns are written for both. No
 * supported version compiles the Python 2 branches. The module def is positional, every field
 * commented, m_reload among them. */
#include <Python.h>

#if PY_MAJOR_VERSION >= 3
#define MOD_ERROR_VAL NULL
#define MOD_SUCCESS_VAL(m) m
#else
#define MOD_ERROR_VAL
#define MOD_SUCCESS_VAL(m)
#endif

typedef struct {
    PyObject_HEAD
    double weight;
} WeightObject;

static PyObject *
weight_value(WeightObject *self, void *closure)
{
    return PyFloat_FromDouble(self->weight);
}

static PyGetSetDef weight_getset[] = {
    {"value", (getter)weight_value, NULL, "the weight", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static int
weight_init(WeightObject *self, PyObject *args, PyObject *kwds)
{
    self->weight = 1.0;
    if (!PyArg_ParseTuple(args, "|d", &self->weight))
        return -1;
    return 0;
}

static PyTypeObject WeightType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "weights.Weight",
    sizeof(WeightObject),
};

static PyMethodDef weights_methods[] = {
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
static struct PyModuleDef weights_module = {
    PyModuleDef_HEAD_INIT,
    "weights",                          /* m_name */
    "weights with a default of 1.0",    /* m_doc */
    -1,                                 /* m_size */
    weights_methods,                    /* m_methods */
    NULL,                               /* m_reload */
    NULL,                               /* m_traverse */
    NULL,                               /* m_clear */
    NULL,                               /* m_free */
};
#endif

PyMODINIT_FUNC
#if PY_MAJOR_VERSION >= 3
PyInit_weights(void)
#else
initweights(void)
#endif
{
    PyObject *m;

    WeightType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE;
    WeightType.tp_new = PyType_GenericNew;
    WeightType.tp_init = (initproc)weight_init;
    WeightType.tp_getset = weight_getset;
    if (PyType_Ready(&WeightType) < 0)
        return MOD_ERROR_VAL;

#if PY_MAJOR_VERSION >= 3
    m = PyModule_Create(&weights_module);
#else
    m = Py_InitModule3("weights", weights_methods, "weights with a default of 1.0");
#endif
    if (m == NULL)
        return MOD_ERROR_VAL;

    Py_INCREF(&WeightType);
    if (PyModule_AddObject(m, "Weight", (PyObject *)&WeightType) < 0) {
        Py_DECREF(&WeightType);
        Py_DECREF(m);
        return MOD_ERROR_VAL;
    }
    return MOD_SUCCESS_VAL(m);
}
