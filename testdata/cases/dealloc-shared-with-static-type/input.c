/* pets: two types with one dealloc. Cat stays a static type (its number methods are filled in at
 * run time), so Dog cannot become a heap type alone: a heap type's dealloc drops the reference
 * each instance holds to its type, which Cat's instances never took. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *name;
} PetObject;

static int
Pet_init(PetObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *name;
    if (!PyArg_ParseTuple(args, "U", &name))
        return -1;
    Py_INCREF(name);
    Py_XSETREF(self->name, name);
    return 0;
}

static void
Pet_dealloc(PetObject *self)
{
    Py_XDECREF(self->name);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
Cat_bool(PetObject *self)
{
    return self->name != NULL;
}

static PyNumberMethods Cat_as_number;

static PyTypeObject Dog_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pets.Dog",
    .tp_basicsize = sizeof(PetObject),
    .tp_dealloc = (destructor)Pet_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_init = (initproc)Pet_init,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject Cat_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pets.Cat",
    .tp_basicsize = sizeof(PetObject),
    .tp_dealloc = (destructor)Pet_dealloc,
    .tp_as_number = &Cat_as_number,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_init = (initproc)Pet_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef pets_module = {
    PyModuleDef_HEAD_INIT, "pets", "Dogs and cats.", -1, NULL
};

PyMODINIT_FUNC
PyInit_pets(void)
{
    PyObject *m;

    Cat_as_number.nb_bool = (inquiry)Cat_bool;
    if (PyType_Ready(&Dog_Type) < 0 || PyType_Ready(&Cat_Type) < 0)
        return NULL;
    m = PyModule_Create(&pets_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Dog_Type);
    if (PyModule_AddObject(m, "Dog", (PyObject *)&Dog_Type) < 0) {
        Py_DECREF(&Dog_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Cat_Type);
    if (PyModule_AddObject(m, "Cat", (PyObject *)&Cat_Type) < 0) {
        Py_DECREF(&Cat_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
