/* The object struct has a field named like the static type (as CPython's old socket module had:
 * `sock_type` the field, and here `sock_type` the type too), and the member table reads it with
 * offsetof(): a field's name, not the type's address kept in a static initializer. */
#include <Python.h>
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    int sock_family;
    int sock_type;
} SockObject;

static PyTypeObject sock_type;

static PyMemberDef sock_memberlist[] = {
    {"family", T_INT, offsetof(SockObject, sock_family), READONLY, "the family"},
    {"type", T_INT, offsetof(SockObject, sock_type), READONLY, "the type"},
    {NULL}
};

static int
sock_init(SockObject *self, PyObject *args, PyObject *kwds)
{
    int family = 0, type = 1;
    if (!PyArg_ParseTuple(args, "|ii", &family, &type))
        return -1;
    self->sock_family = family;
    self->sock_type = type;
    return 0;
}

static PyObject *
sock_repr(SockObject *self)
{
    return PyUnicode_FromFormat("<sock family=%d type=%d>", self->sock_family, self->sock_type);
}

static PyTypeObject sock_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "socks.sock",                    /* tp_name */
    sizeof(SockObject),              /* tp_basicsize */
    0,                               /* tp_itemsize */
    0,                               /* tp_dealloc */
    0,                               /* tp_vectorcall_offset */
    0,                               /* tp_getattr */
    0,                               /* tp_setattr */
    0,                               /* tp_as_async */
    (reprfunc)sock_repr,             /* tp_repr */
    0,                               /* tp_as_number */
    0,                               /* tp_as_sequence */
    0,                               /* tp_as_mapping */
    0,                               /* tp_hash */
    0,                               /* tp_call */
    0,                               /* tp_str */
    0,                               /* tp_getattro */
    0,                               /* tp_setattro */
    0,                               /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, /* tp_flags */
    "A pretend socket.",             /* tp_doc */
    0,                               /* tp_traverse */
    0,                               /* tp_clear */
    0,                               /* tp_richcompare */
    0,                               /* tp_weaklistoffset */
    0,                               /* tp_iter */
    0,                               /* tp_iternext */
    0,                               /* tp_methods */
    sock_memberlist,                 /* tp_members */
    0,                               /* tp_getset */
    0,                               /* tp_base */
    0,                               /* tp_dict */
    0,                               /* tp_descr_get */
    0,                               /* tp_descr_set */
    0,                               /* tp_dictoffset */
    (initproc)sock_init,             /* tp_init */
    0,                               /* tp_alloc */
    PyType_GenericNew,               /* tp_new */
};

static struct PyModuleDef socks_module = {
    PyModuleDef_HEAD_INIT,
    "socks",
    "Pretend sockets.",
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_socks(void)
{
    PyObject *m;
    if (PyType_Ready(&sock_type) < 0)
        return NULL;
    m = PyModule_Create(&socks_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&sock_type);
    if (PyModule_AddObject(m, "sock", (PyObject *)&sock_type) < 0) {
        Py_DECREF(&sock_type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
