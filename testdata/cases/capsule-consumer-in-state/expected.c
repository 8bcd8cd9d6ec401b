/* sockcheck: a consumer of another extension's C-API (the table _socket exports as "_socket.CAPI"),
 * kept in a C global that the init function fills from PyCapsule_Import. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The layout of the table _socket exports (PySocketModule_APIObject). */
typedef struct {
    PyTypeObject *Sock_Type;
    PyObject *error;
    PyObject *timeout_error;
} SocketAPI;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    SocketAPI *socket_api; /* was: static SocketAPI *socket_api */
} sockcheck_state;

static inline sockcheck_state *
get_sockcheck_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (sockcheck_state *)state;
}

static PyObject *
sockcheck_is_socket(PyObject *module, PyObject *obj)
{
    sockcheck_state *st = get_sockcheck_state(module);
    return PyBool_FromLong(PyObject_TypeCheck(obj, st->socket_api->Sock_Type));
}

static PyObject *
sockcheck_error_type(PyObject *module, PyObject *noargs)
{
    sockcheck_state *st = get_sockcheck_state(module);
    Py_INCREF(st->socket_api->error);
    return st->socket_api->error;
}

static PyMethodDef sockcheck_methods[] = {
    {"is_socket", sockcheck_is_socket, METH_O, "is_socket(obj) -> bool"},
    {"error_type", sockcheck_error_type, METH_NOARGS, "error_type() -> the socket error type"},
    {NULL, NULL, 0, NULL}
};

static int sockcheck_exec(PyObject *m);

static PyModuleDef_Slot sockcheck_slots[] = {
    {Py_mod_exec, (void *)sockcheck_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef sockcheckmodule = {
    PyModuleDef_HEAD_INIT, "sockcheck", NULL, sizeof(sockcheck_state), sockcheck_methods,
    sockcheck_slots
};

static int
sockcheck_exec(PyObject *m)
{
    sockcheck_state *st = get_sockcheck_state(m);

    st->socket_api = (SocketAPI *)PyCapsule_Import("_socket.CAPI", 0);
    if (st->socket_api == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_sockcheck(void)
{
    return PyModuleDef_Init(&sockcheckmodule);
}
