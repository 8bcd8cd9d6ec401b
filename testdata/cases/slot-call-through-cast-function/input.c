/* A type's rich comparison takes its own object struct and is put in the slot with a cast; another
 * function calls it through the static type (`Pair_Type.tp_richcompare(a, b, Py_EQ)`) with
 * PyObject * arguments. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long left;
    long right;
} PairObject;

static PyTypeObject Pair_Type;

static PyObject *pair_richcompare(PairObject *a, PyObject *b, int op)
{
    PairObject *other;

    if (!PyObject_TypeCheck(b, Py_TYPE(a)) || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    other = (PairObject *)b;
    if ((a->left == other->left && a->right == other->right) == (op == Py_EQ))
        Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}

static PyObject *pair_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PairObject *self;
    long left, right;

    if (!PyArg_ParseTuple(args, "ll", &left, &right))
        return NULL;
    self = (PairObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->left = left;
    self->right = right;
    return (PyObject *)self;
}

static PyTypeObject Pair_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pairs.Pair",
    .tp_basicsize = sizeof(PairObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = pair_new,
    .tp_richcompare = (richcmpfunc) pair_richcompare,
};

static PyObject *same(PyObject *module, PyObject *args)
{
    PyObject *a, *b, *res;

    if (!PyArg_ParseTuple(args, "O!O!", &Pair_Type, &a, &Pair_Type, &b))
        return NULL;
    res = Pair_Type.tp_richcompare(a, b, Py_EQ);
    return res;
}

static PyMethodDef module_methods[] = {
    {"same", same, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef pairs_module = {
    PyModuleDef_HEAD_INIT, "pairs", NULL, -1, module_methods
};

PyMODINIT_FUNC PyInit_pairs(void)
{
    PyObject *m;

    if (PyType_Ready(&Pair_Type) < 0)
        return NULL;
    m = PyModule_Create(&pairs_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Pair_Type);
    if (PyModule_AddObject(m, "Pair", (PyObject *)&Pair_Type) < 0) {
        Py_DECREF(&Pair_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
