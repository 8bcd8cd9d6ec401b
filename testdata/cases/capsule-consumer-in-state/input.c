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

static SocketAPI *socket_api = NULL;

static PyObject *
sockcheck_is_socket(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(PyObject_TypeCheck(obj, socket_api->Sock_Type));
}

static PyObject *
sockcheck_error_type(PyObject *module, PyObject *noargs)
{
    Py_INCREF(socket_api->error);
    return socket_api->error;
}

static PyMethodDef sockcheck_methods[] = {
    {"is_socket", sockcheck_is_socket, METH_O, "is_socket(obj) -> bool"},
    {"error_type", sockcheck_error_type, METH_NOARGS, "error_type() -> the socket error type"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef sockcheckmodule = {
    PyModuleDef_HEAD_INIT, "sockcheck", NULL, -1, sockcheck_methods
};

PyMODINIT_FUNC
PyInit_sockcheck(void)
{
    PyObject *m;

    socket_api = (SocketAPI *)PyCapsule_Import("_socket.CAPI", 0);
    if (socket_api == NULL)
        return NULL;
    m = PyModule_Create(&sockcheckmodule);
    return m;
}
