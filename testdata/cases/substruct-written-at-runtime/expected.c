/* A type whose sequence methods are completed in the init function. A heap type takes its
 * slots from the initializer once, so converting it would silently drop `in` support: the type
 * is left for a human, and the shared struct written at run time is reported. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;
} RangeObject;

static Py_ssize_t
Range_length(RangeObject *self)
{
    return self->size;
}

static int
Range_contains(RangeObject *self, PyObject *value)
{
    Py_ssize_t v = PyLong_AsSsize_t(value);
    if (v == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    return v >= 0 && v < self->size;
}

static PyObject *
Range_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    Py_ssize_t n;
    RangeObject *self;
    if (!PyArg_ParseTuple(args, "n", &n))
        return NULL;
    self = (RangeObject *)type->tp_alloc(type, 0);
    if (self != NULL)
        self->size = n;
    return (PyObject *)self;
}

static PySequenceMethods Range_as_sequence = {
    .sq_length = (lenfunc)Range_length,
};

static PyTypeObject RangeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "seqfill.Range",
    .tp_basicsize = sizeof(RangeObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_as_sequence = &Range_as_sequence,
    .tp_new = Range_new,
};

static int seqfill_exec(PyObject *m);

static PyModuleDef_Slot seqfill_slots[] = {
    {Py_mod_exec, (void *)seqfill_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef seqfill_module = {
    PyModuleDef_HEAD_INIT, "seqfill", NULL, 0, NULL,
    seqfill_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int seqfill_loaded_once = 0;

static int
seqfill_exec(PyObject *m)
{

    if (seqfill_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "seqfill cannot be loaded more than once per process");
        return -1;
    }
    Range_as_sequence.sq_contains = (objobjproc)Range_contains;
    if (PyType_Ready(&RangeType) < 0)
        return -1;
    Py_INCREF(&RangeType);
    if (PyModule_AddObject(m, "Range", (PyObject *)&RangeType) < 0) {
        Py_DECREF(&RangeType);
        return -1;
    }
    seqfill_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_seqfill(void)
{
    return PyModuleDef_Init(&seqfill_module);
}
