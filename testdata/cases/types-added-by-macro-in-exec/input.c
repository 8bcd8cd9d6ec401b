/* tokens: three small token types, readied and added by a macro the exec function defines for
 * itself (name first, type second), which also plugs in tp_new; its error check is another macro.
 * The module is multi-phase already. */
#include <Python.h>

#define CHECK(x) if ((x) < 0) return -1

typedef struct {
    PyObject_HEAD
    PyObject *text;
} TokenObject;

static int
Token_init(TokenObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *text = NULL;
    if (!PyArg_ParseTuple(args, "|U", &text))
        return -1;
    Py_XINCREF(text);
    Py_XSETREF(self->text, text);
    return 0;
}

static void
Token_dealloc(TokenObject *self)
{
    Py_XDECREF(self->text);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Token_str(TokenObject *self)
{
    if (self->text == NULL)
        return PyUnicode_FromString("");
    Py_INCREF(self->text);
    return self->text;
}

static PyTypeObject Word_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tokens.Word",
    .tp_basicsize = sizeof(TokenObject),
    .tp_dealloc = (destructor)Token_dealloc,
    .tp_str = (reprfunc)Token_str,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_init = (initproc)Token_init,
};

static PyTypeObject Number_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tokens.Number",
    .tp_basicsize = sizeof(TokenObject),
    .tp_dealloc = (destructor)Token_dealloc,
    .tp_str = (reprfunc)Token_str,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_init = (initproc)Token_init,
};

static PyTypeObject Space_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tokens.Space",
    .tp_basicsize = sizeof(TokenObject),
    .tp_dealloc = (destructor)Token_dealloc,
    .tp_str = (reprfunc)Token_str,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_init = (initproc)Token_init,
};

static PyObject *
tokens_kinds(PyObject *module, PyObject *noargs)
{
    return Py_BuildValue("(sss)", "Word", "Number", "Space");
}

static PyMethodDef tokens_methods[] = {
    {"kinds", tokens_kinds, METH_NOARGS, "The token kinds."},
    {NULL, NULL, 0, NULL}
};

static int
tokens_exec(PyObject *m)
{
#define ADD_TYPE(name, type) \
    { \
        type.tp_new = PyType_GenericNew; \
        CHECK(PyType_Ready(&type)); \
        Py_INCREF(&type); \
        if (PyModule_AddObject(m, name, (PyObject *)&type) < 0) { \
            Py_DECREF(&type); \
            return -1; \
        } \
    }
    ADD_TYPE("Word", Word_Type);
    ADD_TYPE("Number", Number_Type);
    ADD_TYPE("Space", Space_Type);
    return 0;
}

static PyModuleDef_Slot tokens_slots[] = {
    {Py_mod_exec, tokens_exec},
    {0, NULL}
};

static struct PyModuleDef tokens_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "tokens",
    .m_doc = "Token types.",
    .m_size = 0,
    .m_methods = tokens_methods,
    .m_slots = tokens_slots,
};

PyMODINIT_FUNC
PyInit_tokens(void)
{
    return PyModuleDef_Init(&tokens_module);
}
