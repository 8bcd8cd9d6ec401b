/*
 * pastenames: describes objects by their dunder attributes. The attribute names are interned
 * once; their globals are declared and filled through token-pasting macros, one line per name.
 */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *py_dot;           /* was: static PyObject *py_dot */
    PyObject *py_colon;         /* was: static PyObject *py_colon */
    PyObject *str___name__;     /* was: static PyObject *str___name__ */
    PyObject *str___module__;   /* was: static PyObject *str___module__ */
    PyObject *str___qualname__; /* was: static PyObject *str___qualname__ */
} pastenames_state;

static inline pastenames_state *
get_pastenames_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (pastenames_state *)state;
}

static int
pastenames_traverse(PyObject *module, visitproc visit, void *arg)
{
    pastenames_state *st = get_pastenames_state(module);
    Py_VISIT(st->py_dot);
    Py_VISIT(st->py_colon);
    Py_VISIT(st->str___name__);
    Py_VISIT(st->str___module__);
    Py_VISIT(st->str___qualname__);
    return 0;
}

static int
pastenames_clear(PyObject *module)
{
    pastenames_state *st = get_pastenames_state(module);
    Py_CLEAR(st->py_dot);
    Py_CLEAR(st->py_colon);
    Py_CLEAR(st->str___name__);
    Py_CLEAR(st->str___module__);
    Py_CLEAR(st->str___qualname__);
    return 0;
}

static void
pastenames_free(void *module)
{
    (void)pastenames_clear((PyObject *)module);
}

/* Filled in init; a failure leaves the module uncreated. */
#define INIT_STRING(st, S) \
    if (!(st->str_##S = PyUnicode_InternFromString(#S))) \
        return -1

/* The attribute of `o` named S, as a new reference (NULL with an exception set). */
#define GET_ATTR(st, o, S) PyObject_GetAttr((o), st->str_##S)

/* Separators, declared the usual way and filled by a helper of init (persistent's layout). */

static int
init_separators(pastenames_state *st)
{
#define DEFINE_SEPARATOR(st, NAME, TEXT) \
    if (!(st->py_ ## NAME = PyUnicode_InternFromString(TEXT))) \
        return -1
    DEFINE_SEPARATOR(st, dot, ".");
    DEFINE_SEPARATOR(st, colon, ":");
#undef DEFINE_SEPARATOR
    return 0;
}

static PyObject *
describe(PyObject *module, PyObject *args)
{
    pastenames_state *st = get_pastenames_state(module);
    PyObject *ob, *mod, *name, *res;
    int colon = 0;

    if (!PyArg_ParseTuple(args, "O|p:describe", &ob, &colon))
        return NULL;
    mod = GET_ATTR(st, ob, __module__);
    if (mod == NULL)
        return NULL;
    name = PyObject_HasAttr(ob, st->str___qualname__) ? GET_ATTR(st, ob, __qualname__) : GET_ATTR(st, ob, __name__);
    if (name == NULL) {
        Py_DECREF(mod);
        return NULL;
    }
    res = PyUnicode_FromFormat("%U%U%U", mod, colon ? st->py_colon : st->py_dot, name);
    Py_DECREF(mod);
    Py_DECREF(name);
    return res;
}

static PyObject *
names(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    pastenames_state *st = get_pastenames_state(module);

    return PyTuple_Pack(3, st->str___name__, st->str___module__, st->str___qualname__);
}

static PyMethodDef pastenames_methods[] = {
    {"describe", describe, METH_VARARGS, "describe(ob, colon=False) -> 'module.qualname'"},
    {"names", names, METH_NOARGS, "the interned attribute names"},
    {NULL, NULL, 0, NULL}
};

static int pastenames_exec(PyObject *m);

static PyModuleDef_Slot pastenames_slots[] = {
    {Py_mod_exec, (void *)pastenames_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pastenames_module = {
    PyModuleDef_HEAD_INIT,
    "pastenames",
    "Describe objects by their dunder attributes.",
    sizeof(pastenames_state),
    pastenames_methods,
    pastenames_slots,
    pastenames_traverse,
    pastenames_clear,
    pastenames_free
};

static int
pastenames_exec(PyObject *m)
{
    pastenames_state *st = get_pastenames_state(m);

    INIT_STRING(st, __name__);
    INIT_STRING(st, __module__);
    INIT_STRING(st, __qualname__);
    if (init_separators(st) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_pastenames(void)
{
    return PyModuleDef_Init(&pastenames_module);
}
