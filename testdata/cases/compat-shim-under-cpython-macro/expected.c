/*
 * attrnames: small helpers around attribute names. Written for Python 3.2 too, so it carries its
 * own copy of the identifier cache for Pythons whose headers lack _Py_IDENTIFIER, and of the
 * Py_SET_SIZE setter; every supported Python defines both, so neither shim is compiled.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifndef _Py_IDENTIFIER
/* Python 3.2: no identifier cache in the headers, keep our own list. */
typedef struct _Py_Identifier {
    struct _Py_Identifier *next;
    const char *string;
    PyObject *object;
} _Py_Identifier;

#define _Py_IDENTIFIER(varname) static _Py_Identifier PyId_##varname = { 0, #varname, 0 }

static _Py_Identifier *cached_names = NULL;
static Py_ssize_t cached_count = 0;

static PyObject *
_PyUnicode_FromId(_Py_Identifier *id)
{
    if (id->object == NULL) {
        id->object = PyUnicode_InternFromString(id->string);
        if (id->object == NULL)
            return NULL;
        id->next = cached_names;
        cached_names = id;
        cached_count++;
    }
    return id->object;
}
#endif /* !_Py_IDENTIFIER */

#if !defined(Py_SET_SIZE)
static int size_setter_used = 0;
#define Py_SET_SIZE(o, n) (size_setter_used = 1, Py_SIZE(o) = (n))
#endif

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *str___qualname__; /* was: _Py_IDENTIFIER(__qualname__) */
    PyObject *str___module__;   /* was: _Py_IDENTIFIER(__module__) */
} attrnames_state;

static inline attrnames_state *
get_attrnames_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (attrnames_state *)state;
}

static int
attrnames_traverse(PyObject *module, visitproc visit, void *arg)
{
    attrnames_state *st = get_attrnames_state(module);
    Py_VISIT(st->str___qualname__);
    Py_VISIT(st->str___module__);
    return 0;
}

static int
attrnames_clear(PyObject *module)
{
    attrnames_state *st = get_attrnames_state(module);
    Py_CLEAR(st->str___qualname__);
    Py_CLEAR(st->str___module__);
    return 0;
}

static void
attrnames_free(void *module)
{
    (void)attrnames_clear((PyObject *)module);
}

static PyObject *
attrnames_qualname(PyObject *self, PyObject *obj)
{
    attrnames_state *st = get_attrnames_state(self);
    PyObject *key = st->str___qualname__;

    if (key == NULL)
        return NULL;
    return PyObject_GetAttr(obj, key);
}

static PyObject *
attrnames_has_module(PyObject *self, PyObject *obj)
{
    attrnames_state *st = get_attrnames_state(self);
    PyObject *key = st->str___module__;
    int found;

    if (key == NULL)
        return NULL;
    found = PyObject_HasAttr(obj, key);
    return PyBool_FromLong(found);
}

static PyObject *
attrnames_shrink(PyObject *self, PyObject *args)
{
    PyObject *list;
    Py_ssize_t n;

    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &list, &n))
        return NULL;
    if (n < 0 || n > PyList_GET_SIZE(list)) {
        PyErr_SetString(PyExc_ValueError, "size out of range");
        return NULL;
    }
    if (PyList_SetSlice(list, n, PyList_GET_SIZE(list), NULL) < 0)
        return NULL;
    return PyLong_FromSsize_t(Py_SIZE(list));
}

static PyMethodDef attrnames_methods[] = {
    {"qualname", attrnames_qualname, METH_O, "qualname(obj) -> obj.__qualname__"},
    {"has_module", attrnames_has_module, METH_O, "has_module(obj) -> bool"},
    {"shrink", attrnames_shrink, METH_VARARGS, "shrink(list, n) -> new size"},
    {NULL, NULL, 0, NULL}
};

static int attrnames_exec(PyObject *module);

static PyModuleDef_Slot attrnames_slots[] = {
    {Py_mod_exec, (void *)attrnames_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef attrnames_module = {
    PyModuleDef_HEAD_INIT,
    "attrnames",
    "Attribute name helpers.",
    sizeof(attrnames_state),
    attrnames_methods,
    attrnames_slots,
    attrnames_traverse,
    attrnames_clear,
    attrnames_free
};

static int
attrnames_exec(PyObject *module)
{
    attrnames_state *st = get_attrnames_state(module);
    st->str___qualname__ = PyUnicode_InternFromString("__qualname__");
    if (st->str___qualname__ == NULL)
        return -1;
    st->str___module__ = PyUnicode_InternFromString("__module__");
    if (st->str___module__ == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_attrnames(void)
{
    return PyModuleDef_Init(&attrnames_module);
}
