/* A memoizing function wrapper: its instances answer __module__, __name__ and __doc__ for the
   function they wrap, as decorator libraries do. The wrapper class is never added to the module:
   only the decorator function is, so nothing looks the class up by its tp_name. Its call builds a
   key object of a second type in a helper. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    PyObject *items;
} KeyObject;

static void Key_dealloc(KeyObject *self)
{
    Py_XDECREF(self->items);
    PyObject_Del(self);
}

static Py_hash_t Key_hash(KeyObject *self)
{
    return PyObject_Hash(self->items);
}

static PyObject *Key_richcompare(KeyObject *a, PyObject *b, int op);

static PyTypeObject Key_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "memo.Key",                         /* tp_name */
    sizeof(KeyObject),                  /* tp_basicsize */
    0,                                  /* tp_itemsize */
    (destructor)Key_dealloc,            /* tp_dealloc */
    0,                                  /* tp_vectorcall_offset */
    0,                                  /* tp_getattr */
    0,                                  /* tp_setattr */
    0,                                  /* tp_as_async */
    0,                                  /* tp_repr */
    0,                                  /* tp_as_number */
    0,                                  /* tp_as_sequence */
    0,                                  /* tp_as_mapping */
    (hashfunc)Key_hash,                 /* tp_hash */
    0,                                  /* tp_call */
    0,                                  /* tp_str */
    0,                                  /* tp_getattro */
    0,                                  /* tp_setattro */
    0,                                  /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,                 /* tp_flags */
    0,                                  /* tp_doc */
    0,                                  /* tp_traverse */
    0,                                  /* tp_clear */
    (richcmpfunc)Key_richcompare,       /* tp_richcompare */
};

static PyObject *Key_richcompare(KeyObject *a, PyObject *b, int op)
{
    if (Py_TYPE(b) != &Key_Type || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    return PyObject_RichCompare(a->items, ((KeyObject *)b)->items, op);
}

/* The key of one call: its arguments, in a Key object. */
static PyObject *make_key(PyObject *args)
{
    KeyObject *key = PyObject_New(KeyObject, &Key_Type);
    if (key == NULL)
        return NULL;
    Py_INCREF(args);
    key->items = args;
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
    Py_XDECREF(self->fn);
    Py_XDECREF(self->func_module);
    Py_XDECREF(self->func_name);
    Py_XDECREF(self->func_dict);
    Py_XDECREF(self->cache);
    PyObject_Del(self);
}

static PyObject *Memo_call(MemoObject *self, PyObject *args, PyObject *kw)
{
    PyObject *key, *result;
    key = make_key(args);
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

PyDoc_STRVAR(memo_doc,
"A memoizing wrapper of a function.");

static PyTypeObject Memo_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "memo.memoize",                     /* tp_name */
    sizeof(MemoObject),                 /* tp_basicsize */
    0,                                  /* tp_itemsize */
    (destructor)Memo_dealloc,           /* tp_dealloc */
    0,                                  /* tp_vectorcall_offset */
    0,                                  /* tp_getattr */
    0,                                  /* tp_setattr */
    0,                                  /* tp_as_async */
    0,                                  /* tp_repr */
    0,                                  /* tp_as_number */
    0,                                  /* tp_as_sequence */
    0,                                  /* tp_as_mapping */
    0,                                  /* tp_hash */
    (ternaryfunc)Memo_call,             /* tp_call */
    0,                                  /* tp_str */
    0,                                  /* tp_getattro */
    0,                                  /* tp_setattro */
    0,                                  /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,                 /* tp_flags */
    memo_doc,                           /* tp_doc */
    0,                                  /* tp_traverse */
    0,                                  /* tp_clear */
    0,                                  /* tp_richcompare */
    0,                                  /* tp_weaklistoffset */
    0,                                  /* tp_iter */
    0,                                  /* tp_iternext */
    0,                                  /* tp_methods */
    Memo_members,                       /* tp_members */
    Memo_getset,                        /* tp_getset */
    0,                                  /* tp_base */
    0,                                  /* tp_dict */
    0,                                  /* tp_descr_get */
    0,                                  /* tp_descr_set */
    offsetof(MemoObject, func_dict),    /* tp_dictoffset */
};

static PyObject *memoize(PyObject *module, PyObject *fn)
{
    MemoObject *self = PyObject_New(MemoObject, &Memo_Type);
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
    return (PyObject *)self;
}

static PyMethodDef memo_methods[] = {
    {"memoize", (PyCFunction)memoize, METH_O, "Wrap a function in a memoizing wrapper."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef memo_module = {
    PyModuleDef_HEAD_INIT, "memo", NULL, -1, memo_methods,
};

PyMODINIT_FUNC PyInit_memo(void)
{
    PyObject *m;
    Memo_Type.tp_new = PyType_GenericNew;
    if (PyType_Ready(&Memo_Type) < 0)
        return NULL;
    if (PyType_Ready(&Key_Type) < 0)
        return NULL;
    m = PyModule_Create(&memo_module);
    if (m == NULL)
        return NULL;
#ifdef MEMO_TRACE
    fprintf(stderr, "memo loaded\n");
#endif
    Py_INCREF(&Memo_Type);
    Py_INCREF(&Key_Type);
    return m;
}
