/* The object struct has a field named like the static type (as CPython's old socket module had:
 * `sock_type` the field, and here `sock_type` the type too), and the member table reads it with
 * offsetof(): a field's name, not the type's address kept in a static initializer. */
#include <Python.h>
#include "structmember.h"
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    int sock_family;
    int sock_type;
} SockObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *sock_type; /* was: static PyTypeObject sock_type */
} socks_state;

static inline socks_state *
get_socks_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (socks_state *)state;
}

static int
socks_traverse(PyObject *module, visitproc visit, void *arg)
{
    socks_state *st = get_socks_state(module);
    Py_VISIT(st->sock_type);
    return 0;
}

static int
socks_clear(PyObject *module)
{
    socks_state *st = get_socks_state(module);
    Py_CLEAR(st->sock_type);
    return 0;
}

static void
socks_free(void *module)
{
    (void)socks_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
socks_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                  int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
sock_type_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot sock_type_slots[] = {
    {Py_tp_repr, (void *)sock_repr},
    {Py_tp_doc, (void *)"A pretend socket."},
    {Py_tp_traverse, (void *)sock_type_traverse},
    {Py_tp_members, (void *)sock_memberlist},
    {Py_tp_init, (void *)sock_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec sock_type_spec = {
    .name = "socks.sock",
    .basicsize = sizeof(SockObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = sock_type_slots,
};

static int socks_exec(PyObject *m);

static PyModuleDef_Slot socks_slots[] = {
    {Py_mod_exec, (void *)socks_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef socks_module = {
    PyModuleDef_HEAD_INIT,
    "socks",
    "Pretend sockets.",
    sizeof(socks_state),
    NULL,
    socks_slots,
    socks_traverse,
    socks_clear,
    socks_free,
};

static int
socks_exec(PyObject *m)
{
    socks_state *st = get_socks_state(m);
    if (socks_create_type(m, &sock_type_spec, NULL, &st->sock_type, 0) < 0)
        return -1;
    Py_INCREF(st->sock_type);
    if (PyModule_AddObject(m, "sock", (PyObject *)st->sock_type) < 0) {
        Py_DECREF(st->sock_type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_socks(void)
{
    return PyModuleDef_Init(&socks_module);
}
