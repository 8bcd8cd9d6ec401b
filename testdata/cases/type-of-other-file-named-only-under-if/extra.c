/* An optional type, in a file of its own that only builds with the extra feature list it. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

PyTypeObject Extra_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "optmod.Extra",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};
