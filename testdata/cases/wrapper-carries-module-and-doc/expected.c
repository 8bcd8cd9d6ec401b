/* A memoizing function wrapper: its instances answer __module__, __name__ and __doc__ for the
   function they wrap, as decorator libraries do. The wrapper class is never added to the module:
   only the decorator function is, so nothing looks the class up by its tp_name. Its call builds a
   key object of a second type in a helper. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>
#include "structmember.h"
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *items;
} KeyObject;

static void Key_dealloc(KeyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->items);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static Py_hash_t Key_hash(KeyObject *self)
{
    return PyObject_Hash(self->items);
}

static PyObject *Key_richcompare(KeyObject *a, PyObject *b, int op);

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Key_Type;  /* was: static PyTypeObject Key_Type */
    PyTypeObject *Memo_Type; /* was: static PyTypeObject Memo_Type */
} memo_state;

static inline memo_state *get_memo_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (memo_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline memo_state *memo_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (memo_state *)state;
}

static int memo_traverse(PyObject *module, visitproc visit, void *arg)
{
    memo_state *st = get_memo_state(module);
    Py_VISIT(st->Key_Type);
    Py_VISIT(st->Memo_Type);
    return 0;
}

static int memo_clear(PyObject *module)
{
    memo_state *st = get_memo_state(module);
    Py_CLEAR(st->Key_Type);
    Py_CLEAR(st->Memo_Type);
    return 0;
}

static void memo_free(void *module)
{
    (void)memo_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int memo_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
        PyTypeObject **type, int disallow_new)
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int Key_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Key_slots[] = {
    {Py_tp_dealloc, (void *)Key_dealloc},
    {Py_tp_hash, (void *)Key_hash},
    {Py_tp_traverse, (void *)Key_traverse},
    {Py_tp_richcompare, (void *)Key_richcompare},
    {0, NULL},
};

static PyType_Spec Key_spec = {
    .name = "memo.Key",
    .basicsize = sizeof(KeyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
            Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Key_slots,
};

static PyObject *Key_richcompare(KeyObject *a, PyObject *b, int op)
{
    memo_state *st = memo_get_state_of_type(Py_TYPE(a));
    if (Py_TYPE(b) != st->Key_Type || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    return PyObject_RichCompare(a->items, ((KeyObject *)b)->items, op);
}

/* The key of one call: its arguments, in a Key object. */
static PyObject *make_key(memo_state *st, PyObject *args)
{
    KeyObject *key = PyObject_GC_New(KeyObject, st->Key_Type);
    if (key == NULL)
        return NULL;
    Py_INCREF(args);
    key->items = args;
    PyObject_GC_Track((PyObject *)key);
    return (PyObject *)key;
}

typedef struct {
    PyObject_HEAD
    PyObject *fn;
    PyObject *func_module, *func_name;
    PyObject *func_dict;
    PyObject *cache;
} MemoObject;

static PyMemberDef Memo_members[] = {
    {"__wrapped__", T_OBJECT, offsetof(MemoObject, fn), READONLY},
    {"__module__", T_OBJECT, offsetof(MemoObject, func_module), READONLY},
    {"__name__", T_OBJECT, offsetof(MemoObject, func_name), READONLY},
    {"__dictoffset__", T_PYSSIZET, offsetof(MemoObject, func_dict), READONLY, NULL},
    {NULL}
};

static PyObject *Memo_get_doc(MemoObject *self, void *closure)
{
    return PyObject_GetAttrString(self->fn, "__doc__");
}

static PyGetSetDef Memo_getset[] = {
    {"__doc__", (getter)Memo_get_doc, NULL, NULL, NULL},
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict},
    {NULL}
};

static void Memo_dealloc(MemoObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->fn);
    Py_XDECREF(self->func_module);
    Py_XDECREF(self->func_name);
    Py_XDECREF(self->func_dict);
    Py_XDECREF(self->cache);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyObject *Memo_call(MemoObject *self, PyObject *args, PyObject *kw)
{
    memo_state *st = memo_get_state_of_type(Py_TYPE(self));
    PyObject *key, *result;
    key = make_key(st, args);
    if (key == NULL)
        return NULL;
    result = PyDict_GetItem(self->cache, key);
    if (result != NULL) {
        Py_DECREF(key);
        Py_INCREF(result);
        return result;
    }
    result = PyObject_Call(self->fn, args, kw);
    if (result != NULL && PyDict_SetItem(self->cache, key, result) < 0)
        Py_CLEAR(result);
    Py_DECREF(key);
    return result;
}

/* pyext-isolate: this was Memo_Type's tp_doc; its heap type leaves the text out so that its
 * instances keep their own __doc__ (a heap type writes tp_doc over it), and nothing names it any more. */
#if defined(__GNUC__)
__attribute__((unused))
#endif
PyDoc_STRVAR(memo_doc,
"A memoizing wrapper of a function.");

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int Memo_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Memo_slots[] = {
    {Py_tp_dealloc, (void *)Memo_dealloc},
    {Py_tp_call, (void *)Memo_call},
    {Py_tp_traverse, (void *)Memo_traverse},
    {Py_tp_getset, (void *)Memo_getset},
    {Py_tp_new, (void *)PyType_GenericNew},
    {Py_tp_members, (void *)Memo_members},
    {0, NULL},
};

static PyType_Spec Memo_spec = {
    .name = "memo.memoize",
    .basicsize = sizeof(MemoObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Memo_slots,
};

static PyObject *memoize(PyObject *module, PyObject *fn)
{
    memo_state *st = get_memo_state(module);
    MemoObject *self = PyObject_GC_New(MemoObject, st->Memo_Type);
    if (self == NULL)
        return NULL;
    Py_INCREF(fn);
    self->fn = fn;
    self->func_module = PyObject_GetAttrString(fn, "__module__");
    self->func_name = PyObject_GetAttrString(fn, "__name__");
    self->func_dict = PyDict_New();
    self->cache = PyDict_New();
    if (self->func_module == NULL || self->func_name == NULL || self->func_dict == NULL || self->cache == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    PyObject_GC_Track((PyObject *)self);
    return (PyObject *)self;
}

static PyMethodDef memo_methods[] = {
    {"memoize", (PyCFunction)memoize, METH_O, "Wrap a function in a memoizing wrapper."},
    {NULL, NULL, 0, NULL}
};

static int memo_exec(PyObject *m);

static PyModuleDef_Slot memo_slots[] = {
    {Py_mod_exec, (void *)memo_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef memo_module = {
    PyModuleDef_HEAD_INIT, "memo", NULL, sizeof(memo_state), memo_methods,
    memo_slots,
    memo_traverse,
    memo_clear,
    memo_free,
};

static int memo_exec(PyObject *m)
{
    memo_state *st = get_memo_state(m);
    if (memo_create_type(m, &Memo_spec, NULL, &st->Memo_Type, 0) < 0)
        return -1;
    if (memo_create_type(m, &Key_spec, NULL, &st->Key_Type, 1) < 0)
        return -1;
#ifdef MEMO_TRACE
    fprintf(stderr, "memo loaded\n");
#endif
    return 0;
}

PyMODINIT_FUNC PyInit_memo(void)
{
    return PyModuleDef_Init(&memo_module);
}
