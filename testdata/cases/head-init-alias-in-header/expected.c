/* The head-init macro comes from a header: the parse of this file cannot see what it expands
 * to, so the type is left for a human (with the one line of configuration that fixes it). */
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

static int hdralias_exec(PyObject *m);

static PyModuleDef_Slot hdralias_slots[] = {
    {Py_mod_exec, (void *)hdralias_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef hdralias_module = {
    PyModuleDef_HEAD_INIT, "hdralias", NULL, 0, NULL,
    hdralias_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int hdralias_loaded_once = 0;

static int
hdralias_exec(PyObject *m)
{
    if (hdralias_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "hdralias cannot be loaded more than once per process");
        return -1;
    }
    hdralias_loaded_once = 1;
    if (PyType_Ready(&TokenType) < 0)
        return -1;
    Py_INCREF(&TokenType);
    if (PyModule_AddObject(m, "Token", (PyObject *)&TokenType) < 0) {
        Py_DECREF(&TokenType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_hdralias(void)
{
    return PyModuleDef_Init(&hdralias_module);
}
