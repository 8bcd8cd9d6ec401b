/* An interface base type whose instances carry their own __module__ (a member), as declaration
 * libraries do: the type itself must keep reporting its module from tp_name. A heap type would
 * read its __module__ from its dict, where the member's descriptor sits. */
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject_HEAD
    PyObject *__name__;
    PyObject *__module__;
} IfaceObject;

static int
Iface_init(IfaceObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"__name__", "__module__", NULL};
    PyObject *name = Py_None, *module = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OO:InterfaceBase", kwlist, &name, &module))
        return -1;
    Py_INCREF(name);
    Py_XSETREF(self->__name__, name);
    Py_INCREF(module);
    Py_XSETREF(self->__module__, module);
    return 0;
}

static void
Iface_dealloc(IfaceObject *self)
{
    Py_XDECREF(self->__name__);
    Py_XDECREF(self->__module__);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMemberDef Iface_members[] = {
    {"__name__", T_OBJECT_EX, offsetof(IfaceObject, __name__), READONLY, ""},
    {"__module__", T_OBJECT_EX, offsetof(IfaceObject, __module__), READONLY, ""},
    {NULL}
};

static PyTypeObject IfaceType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ifacebase.InterfaceBase",
    .tp_basicsize = sizeof(IfaceObject),
    .tp_dealloc = (destructor)Iface_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_members = Iface_members,
    .tp_init = (initproc)Iface_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef ifacebase_module = {
    PyModuleDef_HEAD_INIT, "ifacebase", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_ifacebase(void)
{
    PyObject *m;
    if (PyType_Ready(&IfaceType) < 0)
        return NULL;
    m = PyModule_Create(&ifacebase_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&IfaceType);
    if (PyModule_AddObject(m, "InterfaceBase", (PyObject *)&IfaceType) < 0) {
        Py_DECREF(&IfaceType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
