/* An exception type written in C whose base is only known at run time: PyExc_ValueError is a
 * pointer, not a constant a static initializer may hold, so the init function sets tp_base
 * before readying the type. As a heap type the base is an argument of the type's creation. */
#include <Python.h>
#include <structmember.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyException_HEAD
    PyObject *position;
} ParseErrorObject;

static int
ParseError_traverse(ParseErrorObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->position);
    return ((PyTypeObject *)PyExc_ValueError)->tp_traverse((PyObject *)self, visit, arg);
}

static int
ParseError_clear(ParseErrorObject *self)
{
    Py_CLEAR(self->position);
    return ((PyTypeObject *)PyExc_ValueError)->tp_clear((PyObject *)self);
}

static void
ParseError_dealloc(ParseErrorObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    ParseError_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyMemberDef ParseError_members[] = {
    {"position", T_OBJECT, offsetof(ParseErrorObject, position), 0, "Where parsing stopped."},
    {NULL},
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *ParseError_Type; /* was: static PyTypeObject ParseError_Type */
} kvparse_state;

static inline kvparse_state *
get_kvparse_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (kvparse_state *)state;
}

static int
kvparse_traverse(PyObject *module, visitproc visit, void *arg)
{
    kvparse_state *st = get_kvparse_state(module);
    Py_VISIT(st->ParseError_Type);
    return 0;
}

static int
kvparse_clear(PyObject *module)
{
    kvparse_state *st = get_kvparse_state(module);
    Py_CLEAR(st->ParseError_Type);
    return 0;
}

static void
kvparse_free(void *module)
{
    (void)kvparse_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
kvparse_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static PyType_Slot ParseError_slots[] = {
    {Py_tp_dealloc, (void *)ParseError_dealloc},
    {Py_tp_doc, (void *)"Raised for text that is not key=value pairs."},
    {Py_tp_traverse, (void *)ParseError_traverse},
    {Py_tp_clear, (void *)ParseError_clear},
    {Py_tp_members, (void *)ParseError_members},
    {0, NULL},
};

static PyType_Spec ParseError_spec = {
    .name = "kvparse.ParseError",
    .basicsize = sizeof(ParseErrorObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = ParseError_slots,
};

static PyObject *
parse_error(kvparse_state *st, const char *what, Py_ssize_t at)
{
    PyObject *exc = PyObject_CallFunction((PyObject *)st->ParseError_Type, "s", what);
    PyObject *pos;
    if (exc == NULL)
        return NULL;
    pos = PyLong_FromSsize_t(at);
    if (pos == NULL) {
        Py_DECREF(exc);
        return NULL;
    }
    Py_XSETREF(((ParseErrorObject *)exc)->position, pos);
    PyErr_SetObject((PyObject *)st->ParseError_Type, exc);
    Py_DECREF(exc);
    return NULL;
}

static PyObject *
kvparse_parse(PyObject *module, PyObject *arg)
{
    Py_ssize_t n, i = 0;
    const char *s = PyUnicode_AsUTF8AndSize(arg, &n);
    PyObject *result;
    if (s == NULL)
        return NULL;
    result = PyDict_New();
    if (result == NULL)
        return NULL;
    while (i < n) {
        Py_ssize_t key = i, eq, end;
        PyObject *k, *v;
        int rc;
        while (i < n && s[i] != '=' && s[i] != ';')
            i++;
        if (i == n || s[i] != '=') {
            kvparse_state *st = get_kvparse_state(module);
            Py_DECREF(result);
            return parse_error(st, "expected '='", i);
        }
        eq = i++;
        while (i < n && s[i] != ';')
            i++;
        end = i;
        k = PyUnicode_FromStringAndSize(s + key, eq - key);
        v = PyUnicode_FromStringAndSize(s + eq + 1, end - eq - 1);
        rc = (k == NULL || v == NULL) ? -1 : PyDict_SetItem(result, k, v);
        Py_XDECREF(k);
        Py_XDECREF(v);
        if (rc < 0) {
            Py_DECREF(result);
            return NULL;
        }
        if (i < n)
            i++;
    }
    return result;
}

static PyMethodDef kvparse_methods[] = {
    {"parse", kvparse_parse, METH_O, "Parse 'k=v;k2=v2' into a dict."},
    {NULL, NULL, 0, NULL},
};

static int kvparse_exec(PyObject *m);

static PyModuleDef_Slot kvparse_slots[] = {
    {Py_mod_exec, (void *)kvparse_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef kvparse_module = {
    PyModuleDef_HEAD_INIT, "kvparse", "key=value parsing.", sizeof(kvparse_state), kvparse_methods,
    kvparse_slots,
    kvparse_traverse,
    kvparse_clear,
    kvparse_free
};

static int
kvparse_exec(PyObject *m)
{
    kvparse_state *st = get_kvparse_state(m);

    if (kvparse_create_type(m, &ParseError_spec, (PyTypeObject *)PyExc_ValueError, &st->ParseError_Type, 0) < 0)
        return -1;

    Py_INCREF(st->ParseError_Type);
    if (PyModule_AddObject(m, "ParseError", (PyObject *)st->ParseError_Type) < 0) {
        Py_DECREF(st->ParseError_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_kvparse(void)
{
    return PyModuleDef_Init(&kvparse_module);
}
