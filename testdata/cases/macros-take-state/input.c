/* Macros that reach a moved global or type: a type check, a check that raises the module's
 * exception through it (a macro using a macro), an object-like macro naming the type, and a macro
 * calling a helper that needs the state. After the rewrite each takes the state as a parameter and
 * every use passes it: no macro refers to a variable it does not receive. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long kind;
} TokenObject;

static PyObject *ParseError;
static PyTypeObject Token_Type;

#define Token_Check(op) PyObject_TypeCheck(op, &Token_Type)
#define Token_CheckOrRaise(op) \
    (Token_Check(op) ? 1 : (PyErr_SetString(ParseError, "expected a token"), 0))
#define TOKEN_TYPE (&Token_Type)
#define RAISE_BAD(what) raise_bad(what)

static PyObject *
raise_bad(const char *what)
{
    PyErr_Format(ParseError, "bad %s", what);
    return NULL;
}

static PyObject *
Token_same(TokenObject *self, PyObject *other)
{
    if (!Token_Check(other))
        Py_RETURN_FALSE;
    return PyBool_FromLong(((TokenObject *)other)->kind == self->kind);
}

static PyMethodDef Token_methods[] = {
    {"same", (PyCFunction)Token_same, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Token_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "macstate.Token",
    .tp_basicsize = sizeof(TokenObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Token_methods,
    .tp_new = PyType_GenericNew,
};

static PyObject *
is_token(PyObject *self, PyObject *obj)
{
    return PyBool_FromLong(Token_Check(obj));
}

static PyObject *
expect_token(PyObject *self, PyObject *obj)
{
    if (!Token_CheckOrRaise(obj))
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
token_type(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    Py_INCREF(TOKEN_TYPE);
    return (PyObject *)TOKEN_TYPE;
}

static PyObject *
fail(PyObject *self, PyObject *what)
{
    const char *s = PyUnicode_AsUTF8(what);
    if (s == NULL)
        return NULL;
    return RAISE_BAD(s);
}

static PyMethodDef macstate_methods[] = {
    {"is_token", is_token, METH_O, NULL},
    {"expect_token", expect_token, METH_O, NULL},
    {"token_type", token_type, METH_NOARGS, NULL},
    {"fail", fail, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef macstate_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "macstate",
    .m_size = -1,
    .m_methods = macstate_methods,
};

PyMODINIT_FUNC
PyInit_macstate(void)
{
    PyObject *m;

    if (PyType_Ready(&Token_Type) < 0)
        return NULL;
    m = PyModule_Create(&macstate_module);
    if (m == NULL)
        return NULL;
    ParseError = PyErr_NewException("macstate.ParseError", NULL, NULL);
    if (ParseError == NULL)
        goto error;
    Py_INCREF(ParseError);
    if (PyModule_AddObject(m, "ParseError", ParseError) < 0)
        goto error;
    Py_INCREF(&Token_Type);
    if (PyModule_AddObject(m, "Token", (PyObject *)&Token_Type) < 0)
        goto error;
    return m;

error:
    Py_DECREF(m);
    return NULL;
}
