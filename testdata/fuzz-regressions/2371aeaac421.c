#include <Python.h>
static PyObject *cache;
extern int other_traverse(PyObject *, visitproc, void *);
static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL, NULL, other_traverse, NULL, NULL};
PyMODINIT_FUNC PyInit_m(void) { cache = PyLong_FromLong(1); return PyModule_Create(&moduledef); }
