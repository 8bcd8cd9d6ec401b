/* verify fixture: a correctly isolated module (module state, heap type, multi-phase init,
   per-interpreter GIL declared on 3.12+). Builds on 3.9+. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject *error;
    PyTypeObject *Box_Type;
    long calls;
} viso_state;

static inline viso_state *
get_state(PyObject *module)
{
    return (viso_state *)PyModule_GetState(module);
}

typedef struct {
    PyObject_HEAD
    PyObject *item;
} BoxObject;

static int
Box_init(BoxObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *item = Py_None;
    if (!PyArg_ParseTuple(args, "|O:Box", &item))
        return -1;
    Py_INCREF(item);
    Py_XSETREF(self->item, item);
    return 0;
}

static int
Box_traverse(BoxObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->item);
    return 0;
}

static int
Box_clear(BoxObject *self)
{
    Py_CLEAR(self->item);
    return 0;
}

static void
Box_dealloc(BoxObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    (void)Box_clear(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Box_get(BoxObject *self, PyObject *unused)
{
    PyObject *item = self->item ? self->item : Py_None;
    Py_INCREF(item);
    return item;
}

static PyMethodDef Box_methods[] = {
    {"get", (PyCFunction)Box_get, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot Box_slots[] = {
    {Py_tp_init, Box_init},
    {Py_tp_traverse, Box_traverse},
    {Py_tp_clear, Box_clear},
    {Py_tp_dealloc, Box_dealloc},
    {Py_tp_methods, Box_methods},
    {0, NULL},
};

static PyType_Spec Box_spec = {
    "viso.Box", sizeof(BoxObject), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE, Box_slots,
};

static PyObject *
count(PyObject *module, PyObject *unused)
{
    viso_state *st = get_state(module);
    return PyLong_FromLong(++st->calls);
}

static PyObject *
fail(PyObject *module, PyObject *unused)
{
    PyErr_SetString(get_state(module)->error, "failed");
    return NULL;
}

static PyMethodDef viso_methods[] = {
    {"count", count, METH_NOARGS, NULL},
    {"fail", fail, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static int
viso_exec(PyObject *module)
{
    viso_state *st = get_state(module);
    st->error = PyErr_NewException("viso.error", NULL, NULL);
    if (st->error == NULL)
        return -1;
    Py_INCREF(st->error);
    if (PyModule_AddObject(module, "error", st->error) < 0) {
        Py_DECREF(st->error);
        return -1;
    }
    st->Box_Type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &Box_spec, NULL);
    if (st->Box_Type == NULL)
        return -1;
    if (PyModule_AddType(module, st->Box_Type) < 0)
        return -1;
    return 0;
}

static int
viso_traverse(PyObject *module, visitproc visit, void *arg)
{
    viso_state *st = get_state(module);
    Py_VISIT(st->error);
    Py_VISIT(st->Box_Type);
    return 0;
}

static int
viso_clear(PyObject *module)
{
    viso_state *st = get_state(module);
    Py_CLEAR(st->error);
    Py_CLEAR(st->Box_Type);
    return 0;
}

static void
viso_free(void *module)
{
    (void)viso_clear((PyObject *)module);
}

static PyModuleDef_Slot viso_slots[] = {
    {Py_mod_exec, viso_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef viso_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "viso",
    .m_size = sizeof(viso_state),
    .m_methods = viso_methods,
    .m_slots = viso_slots,
    .m_traverse = viso_traverse,
    .m_clear = viso_clear,
    .m_free = viso_free,
};

PyMODINIT_FUNC
PyInit_viso(void)
{
    return PyModuleDef_Init(&viso_module);
}
