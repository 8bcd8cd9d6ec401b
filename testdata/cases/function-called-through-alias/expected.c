/* A helper called under another name: an object-like macro renames it for the build at hand
 * (simplejson's join_list_string -> join_list_unicode, immutables' aliases). The calls through the
 * alias are calls of the helper, not its address being taken. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *separator; /* was: static PyObject *separator */
    long joins_done;     /* was: static long joins_done */
} aliasmod_state;

static inline aliasmod_state *
get_aliasmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (aliasmod_state *)state;
}

static int
aliasmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    aliasmod_state *st = get_aliasmod_state(module);
    Py_VISIT(st->separator);
    return 0;
}

static int
aliasmod_clear(PyObject *module)
{
    aliasmod_state *st = get_aliasmod_state(module);
    Py_CLEAR(st->separator);
    return 0;
}

static void
aliasmod_free(void *module)
{
    (void)aliasmod_clear((PyObject *)module);
}

static PyObject *
join_list_text(aliasmod_state *st, PyObject *items)
{
    st->joins_done++;
    return PyUnicode_Join(st->separator, items);
}

#if PY_MAJOR_VERSION >= 3
#define join_list_native join_list_text
#else
#define join_list_native join_list_bytes
#endif

static PyObject *
join(PyObject *module, PyObject *items)
{
    aliasmod_state *st = get_aliasmod_state(module);
    return join_list_native(st, items);
}

static PyObject *
join_twice(PyObject *module, PyObject *items)
{
    aliasmod_state *st = get_aliasmod_state(module);
    PyObject *once = join_list_native(st, items);
    PyObject *pair, *res;
    if (once == NULL)
        return NULL;
    pair = PyTuple_Pack(2, once, once);
    Py_DECREF(once);
    if (pair == NULL)
        return NULL;
    res = join_list_native(st, pair);
    Py_DECREF(pair);
    return res;
}

static PyObject *
count(PyObject *module, PyObject *noargs)
{
    aliasmod_state *st = get_aliasmod_state(module);
    return PyLong_FromLong(st->joins_done);
}

static PyMethodDef methods[] = {
    {"join", join, METH_O, NULL},
    {"join_twice", join_twice, METH_O, NULL},
    {"count", count, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int aliasmod_exec(PyObject *m);

static PyModuleDef_Slot aliasmod_slots[] = {
    {Py_mod_exec, (void *)aliasmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "aliasmod", NULL, sizeof(aliasmod_state), methods, aliasmod_slots, aliasmod_traverse, aliasmod_clear, aliasmod_free};

static int
aliasmod_exec(PyObject *m)
{
    aliasmod_state *st = get_aliasmod_state(m);
    st->separator = PyUnicode_FromString("-");
    if (st->separator == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_aliasmod(void)
{
    return PyModuleDef_Init(&def);
}
