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

static int ifacebase_exec(PyObject *m);

static PyModuleDef_Slot ifacebase_slots[] = {
    {Py_mod_exec, (void *)ifacebase_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef ifacebase_module = {
    PyModuleDef_HEAD_INIT, "ifacebase", NULL, 0, NULL,
    ifacebase_slots
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int ifacebase_loaded_once = 0;

static int
ifacebase_exec(PyObject *m)
{
    if (ifacebase_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "ifacebase cannot be loaded more than once per process");
        return -1;
    }
    if (PyType_Ready(&IfaceType) < 0)
        return -1;
    Py_INCREF(&IfaceType);
    if (PyModule_AddObject(m, "InterfaceBase", (PyObject *)&IfaceType) < 0) {
        Py_DECREF(&IfaceType);
        return -1;
    }
    ifacebase_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_ifacebase(void)
{
    return PyModuleDef_Init(&ifacebase_module);
}
