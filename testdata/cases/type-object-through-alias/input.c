/* Type objects declared through other spellings of PyTypeObject: a macro alias (as class libraries
 * built on CPython define one) with a tentative declaration ahead, because a macro above the
 * definition takes the type's address, and a typedef. */
#include <Python.h>

#define ShelfClass PyTypeObject
typedef PyTypeObject LabelClass;

typedef struct {
    PyObject_HEAD
    PyObject *items;
} ShelfObject;

static ShelfClass Shelf_Type;

#define IsShelf(o) (Py_TYPE(o) == (PyTypeObject *)&Shelf_Type)

static PyObject *
shelf_check(PyObject *module, PyObject *o)
{
    return PyBool_FromLong(IsShelf(o));
}

static PyMethodDef shelves_methods[] = {
    {"is_shelf", shelf_check, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static void
Shelf_dealloc(ShelfObject *self)
{
    Py_XDECREF(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static ShelfClass Shelf_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shelves.Shelf",
    .tp_basicsize = sizeof(ShelfObject),
    .tp_dealloc = (destructor)Shelf_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static LabelClass Label_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shelves.Label",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef shelves_module = {
    PyModuleDef_HEAD_INIT, "shelves", NULL, -1, shelves_methods
};

PyMODINIT_FUNC
PyInit_shelves(void)
{
    PyObject *m;
    if (PyType_Ready(&Shelf_Type) < 0 || PyType_Ready(&Label_Type) < 0)
        return NULL;
    m = PyModule_Create(&shelves_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Shelf_Type);
    if (PyModule_AddObject(m, "Shelf", (PyObject *)&Shelf_Type) < 0) {
        Py_DECREF(&Shelf_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Label_Type);
    if (PyModule_AddObject(m, "Label", (PyObject *)&Label_Type) < 0) {
        Py_DECREF(&Label_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
