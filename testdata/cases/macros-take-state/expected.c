/* Macros that reach a moved global or type: a type check, a check that raises the module's
 * exception through it (a macro using a macro), an object-like macro naming the type, and a macro
 * calling a helper that needs the state. After the rewrite each takes the state as a parameter and
 * every use passes it: no macro refers to a variable it does not receive. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long kind;
} TokenObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ParseError;     /* was: static PyObject *ParseError */
    PyTypeObject *Token_Type; /* was: static PyTypeObject Token_Type */
} macstate_state;

static inline macstate_state *
get_macstate_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (macstate_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline macstate_state *
macstate_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (macstate_state *)state;
}

static int
macstate_traverse(PyObject *module, visitproc visit, void *arg)
{
    macstate_state *st = get_macstate_state(module);
    Py_VISIT(st->ParseError);
    Py_VISIT(st->Token_Type);
    return 0;
}

static int
macstate_clear(PyObject *module)
{
    macstate_state *st = get_macstate_state(module);
    Py_CLEAR(st->ParseError);
    Py_CLEAR(st->Token_Type);
    return 0;
}

static void
macstate_free(void *module)
{
    (void)macstate_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
macstate_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

#define Token_Check(st, op) PyObject_TypeCheck(op, st->Token_Type)
#define Token_CheckOrRaise(st, op) \
    (Token_Check(st, op) ? 1 : (PyErr_SetString(st->ParseError, "expected a token"), 0))
#define TOKEN_TYPE(st) (st->Token_Type)
#define RAISE_BAD(st, what) raise_bad(st, what)

static PyObject *
raise_bad(macstate_state *st, const char *what)
{
    PyErr_Format(st->ParseError, "bad %s", what);
    return NULL;
}

static PyObject *
Token_same(TokenObject *self, PyObject *other)
{
    macstate_state *st = macstate_get_state_of_type(Py_TYPE(self));
    if (!Token_Check(st, other))
        Py_RETURN_FALSE;
    return PyBool_FromLong(((TokenObject *)other)->kind == self->kind);
}

static PyMethodDef Token_methods[] = {
    {"same", (PyCFunction)Token_same, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Token_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Token_slots[] = {
    {Py_tp_traverse, (void *)Token_traverse},
    {Py_tp_methods, (void *)Token_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Token_spec = {
    .name = "macstate.Token",
    .basicsize = sizeof(TokenObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Token_slots,
};

static PyObject *
is_token(PyObject *self, PyObject *obj)
{
    macstate_state *st = get_macstate_state(self);
    return PyBool_FromLong(Token_Check(st, obj));
}

static PyObject *
expect_token(PyObject *self, PyObject *obj)
{
    macstate_state *st = get_macstate_state(self);
    if (!Token_CheckOrRaise(st, obj))
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
token_type(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    macstate_state *st = get_macstate_state(self);
    Py_INCREF(TOKEN_TYPE(st));
    return (PyObject *)TOKEN_TYPE(st);
}

static PyObject *
fail(PyObject *self, PyObject *what)
{
    macstate_state *st = get_macstate_state(self);
    const char *s = PyUnicode_AsUTF8(what);
    if (s == NULL)
        return NULL;
    return RAISE_BAD(st, s);
}

static PyMethodDef macstate_methods[] = {
    {"is_token", is_token, METH_O, NULL},
    {"expect_token", expect_token, METH_O, NULL},
    {"token_type", token_type, METH_NOARGS, NULL},
    {"fail", fail, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static int macstate_exec(PyObject *m);

static PyModuleDef_Slot macstate_slots[] = {
    {Py_mod_exec, (void *)macstate_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef macstate_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "macstate",
    .m_size = sizeof(macstate_state),
    .m_methods = macstate_methods,
    .m_slots = macstate_slots,
    .m_traverse = macstate_traverse,
    .m_clear = macstate_clear,
    .m_free = macstate_free,
};

static int
macstate_exec(PyObject *m)
{
    macstate_state *st = get_macstate_state(m);

    if (macstate_create_type(m, &Token_spec, NULL, &st->Token_Type, 0) < 0)
        return -1;
    st->ParseError = PyErr_NewException("macstate.ParseError", NULL, NULL);
    if (st->ParseError == NULL)
        goto error;
    Py_INCREF(st->ParseError);
    if (PyModule_AddObject(m, "ParseError", st->ParseError) < 0)
        goto error;
    Py_INCREF(st->Token_Type);
    if (PyModule_AddObject(m, "Token", (PyObject *)st->Token_Type) < 0)
        goto error;
    return 0;

error:
    return -1;
}

PyMODINIT_FUNC
PyInit_macstate(void)
{
    return PyModuleDef_Init(&macstate_module);
}
