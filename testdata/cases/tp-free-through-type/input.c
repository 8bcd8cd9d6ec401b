/* A dealloc that frees through its own static type (`ItemType.tp_free(self)`), with tp_free
 * inherited from object. The heap type is a GC type, so it frees with PyObject_GC_Del. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *label;
} ItemObject;

static PyTypeObject ItemType;

static void
Item_dealloc(ItemObject *self)
{
    Py_XDECREF(self->label);
    ItemType.tp_free((PyObject *)self);
}

static int
Item_init(ItemObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *label = NULL;
    if (!PyArg_ParseTuple(args, "U", &label))
        return -1;
    Py_INCREF(label);
    Py_XSETREF(self->label, label);
    return 0;
}

static PyObject *
Item_repr(ItemObject *self)
{
    return PyUnicode_FromFormat("Item(%R)", self->label ? self->label : Py_None);
}

static PyTypeObject ItemType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tpfree.Item",
    .tp_basicsize = sizeof(ItemObject),
    .tp_dealloc = (destructor)Item_dealloc,
    .tp_repr = (reprfunc)Item_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_init = (initproc)Item_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef tpfree_module = {
    PyModuleDef_HEAD_INIT, "tpfree", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_tpfree(void)
{
    PyObject *m;
    if (PyType_Ready(&ItemType) < 0)
        return NULL;
    m = PyModule_Create(&tpfree_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&ItemType);
    if (PyModule_AddObject(m, "Item", (PyObject *)&ItemType) < 0) {
        Py_DECREF(&ItemType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
