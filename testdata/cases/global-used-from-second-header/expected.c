/*
 * ciset: case-insensitive key helpers. The interned method name lives in
 * defs.h; istr.h, included after it, reads it.
 */
#include "defs.h"
#include "istr.h"
#include "ciset_state.h"

static int
ciset_traverse(PyObject *module, visitproc visit, void *arg)
{
    ciset_state *st = get_ciset_state(module);
    Py_VISIT(st->str_lower);
    return 0;
}

static int
ciset_clear(PyObject *module)
{
    ciset_state *st = get_ciset_state(module);
    Py_CLEAR(st->str_lower);
    return 0;
}

static void
ciset_free(void *module)
{
    (void)ciset_clear((PyObject *)module);
}

static PyObject *
ciset_fold(PyObject *module, PyObject *key)
{
    ciset_state *st = get_ciset_state(module);

    return fold_key(st, key);
}

static PyObject *
ciset_same(PyObject *module, PyObject *args)
{
    ciset_state *st = get_ciset_state(module);
    PyObject *a, *b, *fa, *fb;
    int eq;

    if (!PyArg_ParseTuple(args, "OO:same", &a, &b))
        return NULL;
    fa = fold_key(st, a);
    if (fa == NULL)
        return NULL;
    fb = fold_key(st, b);
    if (fb == NULL) {
        Py_DECREF(fa);
        return NULL;
    }
    eq = PyUnicode_Compare(fa, fb) == 0;
    Py_DECREF(fa);
    Py_DECREF(fb);
    if (eq == 0 && PyErr_Occurred())
        return NULL;
    return PyBool_FromLong(eq);
}

static PyMethodDef ciset_methods[] = {
    {"fold", ciset_fold, METH_O, "Return the folded form of a key."},
    {"same", ciset_same, METH_VARARGS, "Whether two keys fold to the same form."},
    {NULL, NULL, 0, NULL}
};

static int ciset_exec(PyObject *m);

static PyModuleDef_Slot ciset_slots[] = {
    {Py_mod_exec, (void *)ciset_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef ciset_module = {
    PyModuleDef_HEAD_INIT,
    "ciset",
    "Case-insensitive key helpers.",
    sizeof(ciset_state),
    ciset_methods,
    ciset_slots,
    ciset_traverse,
    ciset_clear,
    ciset_free,
};

static int
ciset_exec(PyObject *m)
{
    ciset_state *st = get_ciset_state(m);

    st->str_lower = PyUnicode_InternFromString("lower");
    if (st->str_lower == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_ciset(void)
{
    return PyModuleDef_Init(&ciset_module);
}
