/*
 * blockpool: handles on fixed-size blocks with a process-wide budget. A handle's dealloc gives
 * its blocks back through a helper that computes what is left in a declaration's initializer:
 * that use cannot be skipped when the module is already gone, so the budget stays where it is.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static Py_ssize_t blocks_in_use = 0;
static Py_ssize_t blocks_peak = 0;

typedef struct {
    PyObject_HEAD
    Py_ssize_t nblocks;
} HandleObject;

static Py_ssize_t
give_back(Py_ssize_t n)
{
    Py_ssize_t left = blocks_in_use - n;

    blocks_in_use = left;
    return left;
}

static PyObject *
Handle_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    HandleObject *self;
    Py_ssize_t n;

    if (!PyArg_ParseTuple(args, "n:Handle", &n))
        return NULL;
    self = (HandleObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->nblocks = n;
    blocks_in_use += n;
    if (blocks_in_use > blocks_peak)
        blocks_peak = blocks_in_use;
    return (PyObject *)self;
}

static void
Handle_dealloc(HandleObject *self)
{
    give_back(self->nblocks);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject Handle_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "blockpool.Handle",
    .tp_basicsize = sizeof(HandleObject),
    .tp_dealloc = (destructor)Handle_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Blocks taken from the pool.",
    .tp_new = Handle_new,
};

static PyObject *
blockpool_usage(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("nn", blocks_in_use, blocks_peak);
}

static PyMethodDef blockpool_methods[] = {
    {"usage", blockpool_usage, METH_NOARGS, "(blocks in use, peak)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef blockpoolmodule = {
    PyModuleDef_HEAD_INIT,
    "blockpool",
    "Budgeted block handles.",
    -1,
    blockpool_methods,
};

PyMODINIT_FUNC
PyInit_blockpool(void)
{
    PyObject *m;

    if (PyType_Ready(&Handle_Type) < 0)
        return NULL;
    m = PyModule_Create(&blockpoolmodule);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Handle_Type);
    if (PyModule_AddObject(m, "Handle", (PyObject *)&Handle_Type) < 0) {
        Py_DECREF(&Handle_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
