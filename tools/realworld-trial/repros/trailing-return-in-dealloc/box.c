/* Self-written: a static type whose dealloc ends with a plain `return;` as its last statement. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *item;
} BoxObject;

static void
Box_dealloc(BoxObject *self)
{
    Py_XDECREF(self->item);
    Py_TYPE(self)->tp_free((PyObject *)self);
    return;
}

static PyTypeObject Box_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "box.Box",
    .tp_basicsize = sizeof(BoxObject),
    .tp_dealloc = (destructor)Box_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef box_module = {
    PyModuleDef_HEAD_INIT, "box", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_box(void)
{
    PyObject *m;
    if (PyType_Ready(&Box_Type) < 0)
        return NULL;
    m = PyModule_Create(&box_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Box_Type);
    if (PyModule_AddObject(m, "Box", (PyObject *)&Box_Type) < 0) {
        Py_DECREF(&Box_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
