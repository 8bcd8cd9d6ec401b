/* tokens: three small token types, readied and added by a macro the exec function defines for
 * itself (name first, type second), which also plugs in tp_new; its error check is another macro.
 * The module is multi-phase already. */
#include <Python.h>
#include "pyext_isolate_compat.h"

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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->text);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Token_str(TokenObject *self)
{
    if (self->text == NULL)
        return PyUnicode_FromString("");
    Py_INCREF(self->text);
    return self->text;
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Word_Type;   /* was: static PyTypeObject Word_Type */
    PyTypeObject *Number_Type; /* was: static PyTypeObject Number_Type */
    PyTypeObject *Space_Type;  /* was: static PyTypeObject Space_Type */
} tokens_state;

static inline tokens_state *
get_tokens_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tokens_state *)state;
}

static int
tokens_traverse(PyObject *module, visitproc visit, void *arg)
{
    tokens_state *st = get_tokens_state(module);
    Py_VISIT(st->Word_Type);
    Py_VISIT(st->Number_Type);
    Py_VISIT(st->Space_Type);
    return 0;
}

static int
tokens_clear(PyObject *module)
{
    tokens_state *st = get_tokens_state(module);
    Py_CLEAR(st->Word_Type);
    Py_CLEAR(st->Number_Type);
    Py_CLEAR(st->Space_Type);
    return 0;
}

static void
tokens_free(void *module)
{
    (void)tokens_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tokens_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Word_Type_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Word_Type_slots[] = {
    {Py_tp_dealloc, (void *)Token_dealloc},
    {Py_tp_str, (void *)Token_str},
    {Py_tp_traverse, (void *)Word_Type_traverse},
    {Py_tp_init, (void *)Token_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Word_Type_spec = {
    .name = "tokens.Word",
    .basicsize = sizeof(TokenObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Word_Type_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Number_Type_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Number_Type_slots[] = {
    {Py_tp_dealloc, (void *)Token_dealloc},
    {Py_tp_str, (void *)Token_str},
    {Py_tp_traverse, (void *)Number_Type_traverse},
    {Py_tp_init, (void *)Token_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Number_Type_spec = {
    .name = "tokens.Number",
    .basicsize = sizeof(TokenObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Number_Type_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Space_Type_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Space_Type_slots[] = {
    {Py_tp_dealloc, (void *)Token_dealloc},
    {Py_tp_str, (void *)Token_str},
    {Py_tp_traverse, (void *)Space_Type_traverse},
    {Py_tp_init, (void *)Token_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Space_Type_spec = {
    .name = "tokens.Space",
    .basicsize = sizeof(TokenObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Space_Type_slots,
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
    tokens_state *st = get_tokens_state(m);
#define ADD_TYPE(st, name, type) \
    { \
        CHECK(tokens_create_type(m, &type##_spec, NULL, &st->type, 0)); \
        Py_INCREF(st->type); \
        if (PyModule_AddObject(m, name, (PyObject *)st->type) < 0) { \
            Py_DECREF(st->type); \
            return -1; \
        } \
    }
    ADD_TYPE(st, "Word", Word_Type);
    ADD_TYPE(st, "Number", Number_Type);
    ADD_TYPE(st, "Space", Space_Type);
    return 0;
}

static PyModuleDef_Slot tokens_slots[] = {
    {Py_mod_exec, tokens_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL}
};

static struct PyModuleDef tokens_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "tokens",
    .m_doc = "Token types.",
    .m_size = sizeof(tokens_state),
    .m_methods = tokens_methods,
    .m_slots = tokens_slots,
    .m_traverse = tokens_traverse,
    .m_clear = tokens_clear,
    .m_free = tokens_free,
};

PyMODINIT_FUNC
PyInit_tokens(void)
{
    return PyModuleDef_Init(&tokens_module);
}
