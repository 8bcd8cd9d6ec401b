#include <Python.h>
#include "a.h"

typedef struct { PyObject_HEAD } AObject;

PyTypeObject A_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "loop.A", .tp_basicsize = sizeof(AObject),
    .tp_flags = Py_TPFLAGS_DEFAULT, .tp_new = PyType_GenericNew,
};
