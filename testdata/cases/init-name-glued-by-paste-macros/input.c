/* The init function is named by paste macros from the module name the file defines itself
 * (INIT_NAME -> PASTE(PyInit_, MODULE_NAME) -> PyInit_chime), as files do that a build may
 * compile under another name. */
#include <Python.h>

#define MODULE_NAME chime
#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
#define INIT_NAME PASTE(PyInit_, MODULE_NAME)

static PyObject *ChimeError;

typedef struct {
    PyObject_HEAD
    long rings;
} BellObject;

static PyObject *
Bell_ring(BellObject *self, PyObject *unused)
{
    if (self->rings >= 3) {
        PyErr_SetString(ChimeError, "rung out");
        return NULL;
    }
    self->rings++;
    return PyLong_FromLong(self->rings);
}

static PyMethodDef Bell_methods[] = {
    {"ring", (PyCFunction)Bell_ring, METH_NOARGS, "Rings once more."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Bell_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "chime.Bell",
    .tp_basicsize = sizeof(BellObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Bell_methods,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef chime_module = {
    PyModuleDef_HEAD_INIT, "chime", NULL, -1, NULL
};

PyMODINIT_FUNC
INIT_NAME(void)
{
    PyObject *m;
    if (PyType_Ready(&Bell_Type) < 0)
        return NULL;
    m = PyModule_Create(&chime_module);
    if (m == NULL)
        return NULL;
    ChimeError = PyErr_NewException("chime.ChimeError", NULL, NULL);
    if (ChimeError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddObject(m, "ChimeError", ChimeError) < 0) {
        Py_DECREF(ChimeError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Bell_Type);
    if (PyModule_AddObject(m, "Bell", (PyObject *)&Bell_Type) < 0) {
        Py_DECREF(&Bell_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
