/* A type's positional initializer picks tp_vectorcall_offset or tp_print by a project flag that
 * combines an implementation flag (not PyPy) with the Python version. */
#include <Python.h>
#include "compat.h"

typedef struct {
    PyObject_HEAD
    long n;
} CountObject;

static PyTypeObject Count_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "vc.Count",                   /* tp_name */
    sizeof(CountObject),          /* tp_basicsize */
    0,                            /* tp_itemsize */
    0,                            /* tp_dealloc */
#if MY_USE_VECTORCALL
    offsetof(CountObject, n),     /* tp_vectorcall_offset */
#else
    (printfunc)0,                 /* tp_print */
#endif
    0,                            /* tp_getattr */
    0,                            /* tp_setattr */
    0,                            /* tp_as_async */
    0,                            /* tp_repr */
    0,                            /* tp_as_number */
    0,                            /* tp_as_sequence */
    0,                            /* tp_as_mapping */
    0,                            /* tp_hash */
    0,                            /* tp_call */
    0,                            /* tp_str */
    0,                            /* tp_getattro */
    0,                            /* tp_setattro */
    0,                            /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,           /* tp_flags */
    0,                            /* tp_doc */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    PyType_GenericNew,            /* tp_new */
};

static struct PyModuleDef vc_module = {PyModuleDef_HEAD_INIT, "vc", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_vc(void)
{
    PyObject *m;
    if (PyType_Ready(&Count_Type) < 0)
        return NULL;
    m = PyModule_Create(&vc_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Count_Type);
    if (PyModule_AddObject(m, "Count", (PyObject *)&Count_Type) < 0) {
        Py_DECREF(&Count_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
