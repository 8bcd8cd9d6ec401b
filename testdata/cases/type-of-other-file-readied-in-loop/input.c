/* Types readied in a loop over a NULL-terminated array of their addresses. */
#include <Python.h>
#include "a.h"


typedef struct { PyObject_HEAD } BObject;


static PyTypeObject B_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "loop.B", .tp_basicsize = sizeof(BObject),
    .tp_flags = Py_TPFLAGS_DEFAULT, .tp_new = PyType_GenericNew,
};

static struct PyModuleDef loop_module = {PyModuleDef_HEAD_INIT, "loop", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_loop(void)
{
    PyTypeObject *types[] = {&A_Type, &B_Type, NULL};
    PyObject *m;
    int i;

    m = PyModule_Create(&loop_module);
    if (m == NULL)
        return NULL;
    for (i = 0; types[i] != NULL; i++) {
        const char *name;
        if (PyType_Ready(types[i]) < 0) {
            Py_DECREF(m);
            return NULL;
        }
        name = strrchr(types[i]->tp_name, '.') + 1;
        Py_INCREF(types[i]);
        if (PyModule_AddObject(m, name, (PyObject *)types[i]) < 0) {
            Py_DECREF(types[i]);
            Py_DECREF(m);
            return NULL;
        }
    }
    return m;
}
