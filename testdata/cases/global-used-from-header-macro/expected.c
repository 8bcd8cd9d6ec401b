/*
 * cifold: folds keys with a macro of fold.h that names the interned
 * method name kept in defs.h.
 */
#include "defs.h"
#include "fold.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* "lower", interned once when the module is created. */
    PyObject *str_lower; /* was: static PyObject *str_lower */
} cifold_state;

static inline cifold_state *
get_cifold_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (cifold_state *)state;
}

static int
cifold_traverse(PyObject *module, visitproc visit, void *arg)
{
    cifold_state *st = get_cifold_state(module);
    Py_VISIT(st->str_lower);
    return 0;
}

static int
cifold_clear(PyObject *module)
{
    cifold_state *st = get_cifold_state(module);
    Py_CLEAR(st->str_lower);
    return 0;
}

static void
cifold_free(void *module)
{
    (void)cifold_clear((PyObject *)module);
}

static PyObject *
cifold_fold(PyObject *module, PyObject *key)
{
    cifold_state *st = get_cifold_state(module);
    if (!PyUnicode_Check(key)) {
        PyErr_SetString(PyExc_TypeError, "keys must be str");
        return NULL;
    }
    return FOLD_KEY(st, key);
}

static PyMethodDef cifold_methods[] = {
    {"fold", cifold_fold, METH_O, "Return the folded form of a key."},
    {NULL, NULL, 0, NULL}
};

static int cifold_exec(PyObject *m);

static PyModuleDef_Slot cifold_slots[] = {
    {Py_mod_exec, (void *)cifold_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef cifold_module = {
    PyModuleDef_HEAD_INIT,
    "cifold",
    "Key folding.",
    sizeof(cifold_state),
    cifold_methods,
    cifold_slots,
    cifold_traverse,
    cifold_clear,
    cifold_free,
};

static int
cifold_exec(PyObject *m)
{
    cifold_state *st = get_cifold_state(m);
    st->str_lower = PyUnicode_InternFromString("lower");
    if (st->str_lower == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_cifold(void)
{
    return PyModuleDef_Init(&cifold_module);
}
