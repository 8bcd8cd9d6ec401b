/* pairs: a Pair type whose objects are made through a fault-injection hook that wraps the
 * allocator's name (test builds paste a failing variant in). A GC allocation cannot be put
 * behind the hook mechanically, so the type stays static and the module loads once. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef PAIRS_INJECT_FAULTS
#   define HOOK(name) name##_failing
#   define PyObject_New_failing(type, tp) (pairs_should_fail() ? NULL : PyObject_New(type, tp))
int pairs_should_fail(void);
#else
#   define HOOK(name) name
#endif

typedef struct {
    PyObject_HEAD
    long first;
    long second;
} PairObject;

static PyTypeObject Pair_Type;

static PyObject *
pair_make(long first, long second)
{
    PairObject *p = HOOK(PyObject_New)(PairObject, &Pair_Type);
    if (p == NULL)
        return NULL;
    p->first = first;
    p->second = second;
    return (PyObject *)p;
}

static void
pair_dealloc(PyObject *self)
{
    PyObject_Del(self);
}

static PyObject *
pair_sum(PyObject *self, PyObject *unused)
{
    PairObject *p = (PairObject *)self;
    return PyLong_FromLong(p->first + p->second);
}

static PyObject *
pair_swapped(PyObject *self, PyObject *unused)
{
    PairObject *p = (PairObject *)self;
    return pair_make(p->second, p->first);
}

static PyMethodDef pair_methods[] = {
    {"sum", pair_sum, METH_NOARGS, "first + second"},
    {"swapped", pair_swapped, METH_NOARGS, "the pair the other way round"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Pair_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pairs.Pair",
    .tp_basicsize = sizeof(PairObject),
    .tp_dealloc = pair_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = pair_methods,
};

static PyObject *
pairs_pair(PyObject *module, PyObject *args)
{
    long a, b;
    if (!PyArg_ParseTuple(args, "ll", &a, &b))
        return NULL;
    return pair_make(a, b);
}

static PyMethodDef pairs_methods[] = {
    {"pair", pairs_pair, METH_VARARGS, "pair(a, b) -> Pair"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef pairs_module = {
    PyModuleDef_HEAD_INIT, "pairs", NULL, -1, pairs_methods
};

PyMODINIT_FUNC
PyInit_pairs(void)
{
    if (PyType_Ready(&Pair_Type) < 0)
        return NULL;
    return PyModule_Create(&pairs_module);
}
