/* Tells methods from class methods by the name of a code object's first local, the way a
 * profiler labels frames. The helpers have one definition per Python version. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *SELF_NAME;     /* was: static PyObject *SELF_NAME */
    PyObject *CLS_NAME;      /* was: static PyObject *CLS_NAME */
    PyObject *VARNAMES_ATTR; /* was: static PyObject *VARNAMES_ATTR */
} framekind_state;

static inline framekind_state *
get_framekind_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (framekind_state *)state;
}

static int
framekind_traverse(PyObject *module, visitproc visit, void *arg)
{
    framekind_state *st = get_framekind_state(module);
    Py_VISIT(st->SELF_NAME);
    Py_VISIT(st->CLS_NAME);
    Py_VISIT(st->VARNAMES_ATTR);
    return 0;
}

static int
framekind_clear(PyObject *module)
{
    framekind_state *st = get_framekind_state(module);
    Py_CLEAR(st->SELF_NAME);
    Py_CLEAR(st->CLS_NAME);
    Py_CLEAR(st->VARNAMES_ATTR);
    return 0;
}

static void
framekind_free(void *module)
{
    (void)framekind_clear((PyObject *)module);
}

#if PY_VERSION_HEX >= 0x030b0000
static PyObject *
local_names(framekind_state *Py_UNUSED(st), PyCodeObject *code)
{
    return PyCode_GetVarnames(code);
}
#else
static PyObject *
local_names(framekind_state *st, PyCodeObject *code)
{
    return PyObject_GetAttr((PyObject *)code, st->VARNAMES_ATTR);
}
#endif

#if PY_VERSION_HEX >= 0x030b0000
static const char *
kind_of_code(framekind_state *st, PyCodeObject *code)
{
    PyObject *names = local_names(st, code);
    const char *kind = "function";

    if (names == NULL) {
        return NULL;
    }
    if (PyTuple_GET_SIZE(names) > 0 && code->co_argcount > 0) {
        PyObject *first = PyTuple_GET_ITEM(names, 0);
        if (PyUnicode_Compare(first, st->SELF_NAME) == 0) {
            kind = "method";
        } else if (PyUnicode_Compare(first, st->CLS_NAME) == 0) {
            kind = "classmethod";
        }
    }
    Py_DECREF(names);
    return kind;
}
#else
static const char *
kind_of_code(framekind_state *st, PyCodeObject *code)
{
    PyObject *names = local_names(st, code);
    const char *kind = "function";

    if (names == NULL) {
        return NULL;
    }
    if (PyTuple_Check(names) && PyTuple_GET_SIZE(names) > 0 && code->co_argcount > 0) {
        if (PyUnicode_Compare(PyTuple_GET_ITEM(names, 0), st->SELF_NAME) == 0) {
            kind = "method";
        } else if (PyUnicode_Compare(PyTuple_GET_ITEM(names, 0), st->CLS_NAME) == 0) {
            kind = "classmethod";
        }
    }
    Py_DECREF(names);
    return kind;
}
#endif

static PyObject *
code_kind(PyObject *module, PyObject *arg)
{
    framekind_state *st = get_framekind_state(module);
    const char *kind;

    if (PyFunction_Check(arg)) {
        arg = PyFunction_GET_CODE(arg);
    }
    if (!PyCode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "expected a function or a code object");
        return NULL;
    }
    kind = kind_of_code(st, (PyCodeObject *)arg);
    if (kind == NULL) {
        return NULL;
    }
    return PyUnicode_FromString(kind);
}

static PyMethodDef framekind_methods[] = {
    {"code_kind", code_kind, METH_O, "Return 'method', 'classmethod' or 'function'."},
    {NULL, NULL, 0, NULL}
};

static int framekind_exec(PyObject *m);

static PyModuleDef_Slot framekind_slots[] = {
    {Py_mod_exec, (void *)framekind_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef framekind_module = {
    PyModuleDef_HEAD_INIT,
    "framekind",
    "Labels code objects the way a profiler labels frames.",
    sizeof(framekind_state),
    framekind_methods,
    framekind_slots,
    framekind_traverse,
    framekind_clear,
    framekind_free
};

static int
framekind_exec(PyObject *m)
{
    framekind_state *st = get_framekind_state(m);

    st->SELF_NAME = PyUnicode_InternFromString("self");
    if (st->SELF_NAME == NULL) {
        return -1;
    }
    st->CLS_NAME = PyUnicode_InternFromString("cls");
    if (st->CLS_NAME == NULL) {
        return -1;
    }
    st->VARNAMES_ATTR = PyUnicode_InternFromString("co_varnames");
    if (st->VARNAMES_ATTR == NULL) {
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_framekind(void)
{
    return PyModuleDef_Init(&framekind_module);
}
