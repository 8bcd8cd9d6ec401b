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

static int pairs_exec(PyObject *module);

static PyModuleDef_Slot pairs_slots[] = {
    {Py_mod_exec, (void *)pairs_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pairs_module = {
    PyModuleDef_HEAD_INIT, "pairs", NULL, 0, pairs_methods,
    pairs_slots
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int pairs_loaded_once = 0;

static int
pairs_exec(PyObject *Py_UNUSED(module))
{
    if (pairs_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "pairs cannot be loaded more than once per process");
        return -1;
    }
    if (PyType_Ready(&Pair_Type) < 0)
        return -1;
    pairs_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_pairs(void)
{
    return PyModuleDef_Init(&pairs_module);
}
