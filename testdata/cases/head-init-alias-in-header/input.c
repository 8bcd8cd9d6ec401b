/* The head-init macro comes from a header of the project: its definition is read from the header
 * before this file is parsed, so the type initializer reads as with CPython's spelling. */
#include "compat.h"

static PyTypeObject TokenType = {
    PROJ_HEAD_INIT
    "hdralias.Token",               /* tp_name */
    sizeof(PyObject),               /* tp_basicsize */
    0,                              /* tp_itemsize */
    0,                              /* tp_dealloc */
    0,                              /* tp_vectorcall_offset */
    0,                              /* tp_getattr */
    0,                              /* tp_setattr */
    0,                              /* tp_as_async */
    0,                              /* tp_repr */
    0,                              /* tp_as_number */
    0,                              /* tp_as_sequence */
    0,                              /* tp_as_mapping */
    0,                              /* tp_hash */
    0,                              /* tp_call */
    0,                              /* tp_str */
    0,                              /* tp_getattro */
    0,                              /* tp_setattro */
    0,                              /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,             /* tp_flags */
    "A token.",                     /* tp_doc */
};

static struct PyModuleDef hdralias_module = {
    PyModuleDef_HEAD_INIT, "hdralias", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_hdralias(void)
{
    PyObject *m;
    if (PyType_Ready(&TokenType) < 0)
        return NULL;
    m = PyModule_Create(&hdralias_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&TokenType);
    if (PyModule_AddObject(m, "Token", (PyObject *)&TokenType) < 0) {
        Py_DECREF(&TokenType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
