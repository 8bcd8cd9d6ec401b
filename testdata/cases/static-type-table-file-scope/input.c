/* A file-scope table of the module's types that only the init helper reads, looping over it by its
 * length: it readies each type and sets it on the module under its name. The table becomes a local
 * array of the helper, filled from the state's pointers once exec has created the types. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    unsigned long count;
} TallyObject;

typedef struct {
    PyObject_HEAD
    unsigned long ticks;
} TimerObject;

static PyObject *
Tally_bump(TallyObject *self, PyObject *unused)
{
    self->count++;
    return PyLong_FromUnsignedLong(self->count);
}

static PyMethodDef Tally_methods[] = {
    {"bump", (PyCFunction)Tally_bump, METH_NOARGS, "Count one more."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject TallyType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "counting.Tally",
    .tp_basicsize = sizeof(TallyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Tally_methods,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject TimerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "counting.Timer",
    .tp_basicsize = sizeof(TimerObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject *counting_types[] = {
    &TallyType,
    &TimerType,
};

static int
init_types(PyObject *mod)
{
    size_t i;

    for (i = 0; i < sizeof(counting_types) / sizeof(counting_types[0]); i++) {
        PyTypeObject *type = counting_types[i];
        const char *name = strrchr(type->tp_name, '.') + 1;

        if (PyType_Ready(type)) {
            return -1;
        }
        if (PyObject_SetAttrString(mod, name, (PyObject *)type)) {
            return -1;
        }
    }
    return 0;
}

static struct PyModuleDef counting_module = {
    PyModuleDef_HEAD_INIT, "counting", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_counting(void)
{
    PyObject *mod = PyModule_Create(&counting_module);

    if (mod == NULL) {
        return NULL;
    }
    if (init_types(mod) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
