/* Self-written: a static type object declared ahead (tentative) and defined later, as C needs
 * when code above the definition takes its address. Its C type is a macro alias of PyTypeObject. */
#include <Python.h>

#define MyClass PyTypeObject

typedef struct {
    PyObject_HEAD
    PyObject *inner;
} WrapObject;

static MyClass Wrap_Type;

#define isWrap(o) (Py_TYPE(o) == (PyTypeObject *)&Wrap_Type)

static PyObject *
wrap_is(PyObject *self, PyObject *o)
{
    return PyBool_FromLong(isWrap(o));
}

static PyMethodDef fwd_methods[] = {
    {"is_wrap", wrap_is, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static void
Wrap_dealloc(WrapObject *self)
{
    Py_XDECREF(self->inner);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static MyClass Wrap_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "fwd.Wrap",
    .tp_basicsize = sizeof(WrapObject),
    .tp_dealloc = (destructor)Wrap_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef fwd_module = {
    PyModuleDef_HEAD_INIT, "fwd", NULL, -1, fwd_methods
};

PyMODINIT_FUNC
PyInit_fwd(void)
{
    PyObject *m;
    if (PyType_Ready(&Wrap_Type) < 0)
        return NULL;
    m = PyModule_Create(&fwd_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Wrap_Type);
    if (PyModule_AddObject(m, "Wrap", (PyObject *)&Wrap_Type) < 0) {
        Py_DECREF(&Wrap_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
