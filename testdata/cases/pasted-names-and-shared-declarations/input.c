/* Interned strings made by a token-pasting macro, declared together with one that is not, and a
 * type whose tp_new is copied from object's at init time (the zope.interface idiom). */
#include <Python.h>

static PyObject *str__dict__, *str__name__, *empty_tuple;

typedef struct {
    PyObject_HEAD
    PyObject *name;
} SpecObject;

static int
Spec_traverse(SpecObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->name);
    return 0;
}

static void
Spec_dealloc(SpecObject *self)
{
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->name);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Spec_get_dict(SpecObject *self, PyObject *obj)
{
    return PyObject_GetAttr(obj, str__dict__);
}

static PyMethodDef Spec_methods[] = {
    {"get_dict", (PyCFunction)Spec_get_dict, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SpecType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "pasted.Spec",                      /* tp_name */
    sizeof(SpecObject),                 /* tp_basicsize */
    0,                                  /* tp_itemsize */
    (destructor)Spec_dealloc,           /* tp_dealloc */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC, /* tp_flags */
    0,                                  /* tp_doc */
    (traverseproc)Spec_traverse,        /* tp_traverse */
    0, 0, 0, 0, 0,
    Spec_methods,                       /* tp_methods */
};

static PyObject *
pasted_names(PyObject *module, PyObject *unused)
{
    return PyTuple_Pack(3, str__dict__, str__name__, empty_tuple);
}

static PyMethodDef pasted_methods[] = {
    {"names", pasted_names, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef pasted_module = {
    PyModuleDef_HEAD_INIT, "pasted", NULL, -1, pasted_methods
};

PyMODINIT_FUNC
PyInit_pasted(void)
{
    PyObject *m;
#define DEFINE_STRING(S) \
    if (!(str ## S = PyUnicode_FromString(# S))) return NULL
    DEFINE_STRING(__dict__);
    DEFINE_STRING(__name__);
    empty_tuple = PyTuple_New(0);
    if (empty_tuple == NULL)
        return NULL;
    SpecType.tp_new = PyBaseObject_Type.tp_new;
    if (PyType_Ready(&SpecType) < 0)
        return NULL;
    m = PyModule_Create(&pasted_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&SpecType);
    if (PyModule_AddObject(m, "Spec", (PyObject *)&SpecType) < 0) {
        Py_DECREF(&SpecType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
