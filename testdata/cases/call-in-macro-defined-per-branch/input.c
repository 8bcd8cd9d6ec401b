/* Linked cells with a consistency check that debug builds run through a macro
 * defined once per #if branch (compiled out under NDEBUG). */
#include <Python.h>

typedef struct CellObject {
    PyObject_HEAD
    PyObject *value;
    struct CellObject *next;
} CellObject;

static PyTypeObject Cell_Type;

#define IS_CELL(o) (Py_TYPE(o) == &Cell_Type)

#ifndef NDEBUG
static void
cell_validate(void *o)
{
    CellObject *c = (CellObject *)o;

    assert(IS_CELL(o));
    assert(c->next == NULL || IS_CELL(c->next));
    (void)c;
}
#define VALIDATE_CELL(c) do { cell_validate(c); } while (0)
#else
#define VALIDATE_CELL(c)
#endif

static PyObject *
cell_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *value;
    CellObject *next = NULL;
    CellObject *self;

    if (!PyArg_ParseTuple(args, "O|O!", &value, type, &next)) {
        return NULL;
    }
    self = (CellObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    Py_INCREF(value);
    self->value = value;
    Py_XINCREF(next);
    self->next = next;
    VALIDATE_CELL(self);
    return (PyObject *)self;
}

static void
cell_dealloc(CellObject *self)
{
    Py_XDECREF(self->value);
    Py_XDECREF(self->next);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
cell_length(CellObject *self, PyObject *unused)
{
    Py_ssize_t n = 0;
    CellObject *c;

    for (c = self; c != NULL; c = c->next) {
        VALIDATE_CELL(c);
        n++;
    }
    return PyLong_FromSsize_t(n);
}

static PyObject *
cell_get_value(CellObject *self, void *closure)
{
    Py_INCREF(self->value);
    return self->value;
}

static PyMethodDef cell_methods[] = {
    {"length", (PyCFunction)cell_length, METH_NOARGS, "Cells from here to the end."},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef cell_getset[] = {
    {"value", (getter)cell_get_value, NULL, "The cell's value.", NULL},
    {NULL}
};

static PyTypeObject Cell_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "chainmod.Cell",
    sizeof(CellObject),
    0,
    (destructor)cell_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = cell_methods,
    .tp_getset = cell_getset,
    .tp_new = cell_new,
};

static struct PyModuleDef chainmod_module = {
    PyModuleDef_HEAD_INIT,
    "chainmod",
    "Linked cells.",
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_chainmod(void)
{
    PyObject *m;

    if (PyType_Ready(&Cell_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&chainmod_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&Cell_Type);
    if (PyModule_AddObject(m, "Cell", (PyObject *)&Cell_Type) < 0) {
        Py_DECREF(&Cell_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
