/* Module functions that the C code also calls itself, with NULL where the module goes
 * (declaration registries do this: `implemented_by(NULL, cls)` from other functions and from
 * methods). The functions ignore their module argument, so NULL worked while the state was a
 * C global; a state lookup through that argument would not. */
#include <Python.h>

static PyObject *str_implements;
static PyObject *empty_spec;

static PyObject *implemented_by(PyObject *ignored, PyObject *cls);

/* Called above the definition of implemented_by(), through its prototype. */
static PyObject *
spec_of_class(PyObject *cls)
{
    return implemented_by(NULL, cls);
}

static PyObject *
implemented_by(PyObject *ignored, PyObject *cls)
{
    PyObject *spec = PyObject_GetAttr(cls, str_implements);
    if (spec == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return NULL;
        PyErr_Clear();
        Py_INCREF(empty_spec);
        return empty_spec;
    }
    return spec;
}

static PyObject *
provided_by(PyObject *Py_UNUSED(module), PyObject *ob)
{
    PyObject *spec;
    if (PyType_Check(ob))
        return implemented_by(NULL, ob);
    spec = PyObject_GetAttrString(ob, "__provides__");
    if (spec != NULL)
        return spec;
    PyErr_Clear();
    return spec_of_class((PyObject *)Py_TYPE(ob));
}

/* Passes its own module on: this call stays as it is. */
static PyObject *
is_declared(PyObject *module, PyObject *ob)
{
    PyObject *spec = provided_by(module, ob);
    int declared;
    if (spec == NULL)
        return NULL;
    declared = spec != empty_spec;
    Py_DECREF(spec);
    return PyBool_FromLong(declared);
}

typedef struct {
    PyObject_HEAD
} SpecObject;

static PyObject *
Spec_provided_by(PyObject *self, PyObject *ob)
{
    return provided_by(NULL, ob);
}

static PyObject *
Spec_implemented_by(PyObject *self, PyObject *cls)
{
    return implemented_by(self, cls);
}

static PyMethodDef Spec_methods[] = {
    {"providedBy", (PyCFunction)Spec_provided_by, METH_O, NULL},
    {"implementedBy", (PyCFunction)Spec_implemented_by, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject SpecType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "declreg.Spec",
    .tp_basicsize = sizeof(SpecObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_methods = Spec_methods,
    .tp_new = PyType_GenericNew,
};

static PyMethodDef module_methods[] = {
    {"implementedBy", implemented_by, METH_O, NULL},
    {"providedBy", provided_by, METH_O, NULL},
    {"isDeclared", is_declared, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef declreg_module = {
    PyModuleDef_HEAD_INIT, "declreg", NULL, -1, module_methods
};

PyMODINIT_FUNC
PyInit_declreg(void)
{
    PyObject *m = PyModule_Create(&declreg_module);
    if (m == NULL)
        return NULL;
    str_implements = PyUnicode_InternFromString("__implements__");
    if (str_implements == NULL)
        return NULL;
    empty_spec = PyTuple_New(0);
    if (empty_spec == NULL)
        return NULL;
    if (PyType_Ready(&SpecType) < 0)
        return NULL;
    Py_INCREF(&SpecType);
    if (PyModule_AddObject(m, "Spec", (PyObject *)&SpecType) < 0)
        return NULL;
    return m;
}
