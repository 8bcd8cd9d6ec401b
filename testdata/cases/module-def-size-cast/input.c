/* The module def writes its fields with casts, m_size too: `(Py_ssize_t)-1L` is the -1 of a module
 * without state, not a state struct of its own (iteration_utilities writes its def so). */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long value;
} BoxObject;

static PyObject *default_value = NULL;

static PyObject *
box_get(BoxObject *self, PyObject *unused)
{
    return PyLong_FromLong(self->value);
}

static PyMethodDef box_methods[] = {
    {"get", (PyCFunction)box_get, METH_NOARGS, "the value"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject box_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "castdef.Box",
    .tp_basicsize = sizeof(BoxObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_methods = box_methods,
    .tp_new = PyType_GenericNew,
};

static PyObject *
get_default(PyObject *self, PyObject *unused)
{
    Py_INCREF(default_value);
    return default_value;
}

static PyMethodDef castdef_methods[] = {
    {"get_default", get_default, METH_NOARGS, "the default value"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef castdef_module = {
    PyModuleDef_HEAD_INIT,             /* m_base */
    "castdef",                         /* m_name */
    NULL,                              /* m_doc */
    (Py_ssize_t)-1L,                   /* m_size */
    (PyMethodDef *)castdef_methods,    /* m_methods */
    NULL,                              /* m_slots */
    (traverseproc)NULL,                /* m_traverse */
    (inquiry)NULL,                     /* m_clear */
    (freefunc)NULL                     /* m_free */
};

PyMODINIT_FUNC
PyInit_castdef(void)
{
    PyObject *m;

    if (PyType_Ready(&box_type) < 0)
        return NULL;
    m = PyModule_Create(&castdef_module);
    if (m == NULL)
        return NULL;
    default_value = PyLong_FromLong(42);
    if (default_value == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&box_type);
    if (PyModule_AddObject(m, "Box", (PyObject *)&box_type) < 0) {
        Py_DECREF(&box_type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
