#include <Python.h>
static PyObject *cache;
static struct PyModuleDef m_def = {PyModuleDef_HEAD_INIT, "m
};
PyMODINIT_FUNC PyInit_m(void) { cache = PyLong_FromLong(1); return PyModule_Create(&m_def); }
