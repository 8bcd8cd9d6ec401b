/* Two heap types from specs, both created by one helper that gets the spec as a parameter;
 * their methods raise the module's exception. */
#include <Python.h>

static PyObject *BoxError;

typedef struct {
    PyObject_HEAD
    long value;
} BoxObject;

static PyObject *
Box_check(BoxObject *self, PyObject *Py_UNUSED(ignored))
{
    if (self->value < 0) {
        PyErr_SetString(BoxError, "negative box");
        return NULL;
    }
    return PyLong_FromLong(self->value);
}

static int
Box_init(BoxObject *self, PyObject *args, PyObject *kwds)
{
    if (!PyArg_ParseTuple(args, "l", &self->value))
        return -1;
    return 0;
}

static PyMethodDef Box_methods[] = {
    {"check", (PyCFunction)Box_check, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Box_slots[] = {
    {Py_tp_init, Box_init},
    {Py_tp_methods, Box_methods},
    {0, NULL}
};

/* Subclassable: its methods find the module through the MRO. */
static PyType_Spec Box_spec = {
    "box.Box", sizeof(BoxObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, Box_slots
};

static PyObject *
Crate_open(BoxObject *self, PyObject *Py_UNUSED(ignored))
{
    PyErr_Format(BoxError, "crate %ld is sealed", self->value);
    return NULL;
}

static PyMethodDef Crate_methods[] = {
    {"open", (PyCFunction)Crate_open, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Crate_slots[] = {
    {Py_tp_init, Box_init},
    {Py_tp_methods, Crate_methods},
    {0, NULL}
};

static PyType_Spec Crate_spec = {
    "box.Crate", sizeof(BoxObject), 0, Py_TPFLAGS_DEFAULT, Crate_slots
};

static int
add_type(PyObject *module, const char *name, PyType_Spec *spec)
{
    PyObject *type = PyType_FromSpec(spec);
    if (type == NULL) {
        /* 3.12 and 3.13 can fail to copy the name without setting MemoryError */
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        return -1;
    }
    if (PyModule_AddObject(module, name, type) < 0) {
        Py_XDECREF(type);
        return -1;
    }
    return 0;
}

static struct PyModuleDef boxmodule = {
    PyModuleDef_HEAD_INIT, "box", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_box(void)
{
    PyObject *module = PyModule_Create(&boxmodule);
    if (module == NULL)
        return NULL;
    BoxError = PyErr_NewException("box.BoxError", NULL, NULL);
    if (BoxError == NULL || PyModule_AddObject(module, "BoxError", BoxError) < 0)
        return NULL;
    Py_INCREF(BoxError);
    if (add_type(module, "Box", &Box_spec) < 0)
        return NULL;
    if (add_type(module, "Crate", &Crate_spec) < 0)
        return NULL;
    return module;
}
