/*
 * lazyproxy -- a transparent proxy whose target is made on first use.
 *
 *   p = lazyproxy.Proxy(factory)    factory() is called once, when p is first used
 *   p.__wrapped__                   the target (made now if needed)
 *   p.__resolved__                  whether the target exists yet
 *
 *   p.__resolve__(factory=None)     makes the target now (from another factory
 *                                   if one is given) and returns it
 *
 * Attribute access, comparison, hashing, str/repr, calls, iteration, len and
 * item access go to the target; so do the number operators, with a proxy on
 * either side.  Subclasses defined in Python work like the base.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>

typedef struct {
    PyObject_HEAD
    PyObject *dict;
    PyObject *wrapped;
    PyObject *factory;
} ProxyObject;

/* Raised when a proxy has no factory to make its target from. */
static PyObject *FactoryError;

static PyTypeObject Proxy_Type;

#define Proxy_Check(op) PyObject_IsInstance((op), (PyObject *)&Proxy_Type)

/* The target, made by calling the factory the first time; a borrowed
 * reference, NULL with an exception set on failure. */
static PyObject *
Proxy__ensure_wrapped(ProxyObject *self)
{
    PyObject *wrapped;

    if (self->wrapped != NULL)
        return self->wrapped;
    if (self->factory == NULL) {
        PyErr_SetString(FactoryError, "Proxy has no __factory__ to make its target");
        return NULL;
    }
    wrapped = PyObject_CallNoArgs(self->factory);
    if (wrapped == NULL)
        return NULL;
    self->wrapped = wrapped;
    return wrapped;
}

#define Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self) \
    if (Proxy__ensure_wrapped((ProxyObject *)(self)) == NULL) return NULL

#define Proxy__ENSURE_WRAPPED_OR_RETURN_MINUS1(self) \
    if (Proxy__ensure_wrapped((ProxyObject *)(self)) == NULL) return -1

/* For binary operators: a proxy operand stands for its target. */
#define Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(object)                  \
    do {                                                                \
        int is_proxy = Proxy_Check(object);                             \
        if (is_proxy < 0)                                               \
            return NULL;                                                \
        if (is_proxy) {                                                 \
            object = Proxy__ensure_wrapped((ProxyObject *)(object));    \
            if (object == NULL)                                         \
                return NULL;                                            \
        }                                                               \
    } while (0)

/* ------------------------------------------------------------ lifecycle */

static PyObject *
Proxy_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    ProxyObject *self = (ProxyObject *)type->tp_alloc(type, 0);

    if (self == NULL)
        return NULL;
    self->dict = PyDict_New();
    if (self->dict == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static int
Proxy_init(ProxyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"factory", NULL};
    PyObject *factory;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:Proxy", kwlist, &factory))
        return -1;
    Py_INCREF(factory);
    Py_XSETREF(self->factory, factory);
    Py_CLEAR(self->wrapped);
    return 0;
}

static int
Proxy_traverse(ProxyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->dict);
    Py_VISIT(self->wrapped);
    Py_VISIT(self->factory);
    return 0;
}

static int
Proxy_clear(ProxyObject *self)
{
    Py_CLEAR(self->dict);
    Py_CLEAR(self->wrapped);
    Py_CLEAR(self->factory);
    return 0;
}

static void
Proxy_dealloc(ProxyObject *self)
{
    PyObject_GC_UnTrack(self);
    Proxy_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* ------------------------------------------------------------ forwarding */

static PyObject *
Proxy_repr(ProxyObject *self)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    return PyUnicode_FromFormat("<%s at %p wrapping %R>",
                                Py_TYPE(self)->tp_name, (void *)self, self->wrapped);
}

static PyObject *
Proxy_str(ProxyObject *self)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    return PyObject_Str(self->wrapped);
}

static Py_hash_t
Proxy_hash(ProxyObject *self)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_MINUS1(self);
    return PyObject_Hash(self->wrapped);
}

static PyObject *
Proxy_richcompare(ProxyObject *self, PyObject *other, int op)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(other);
    return PyObject_RichCompare(self->wrapped, other, op);
}

static PyObject *
Proxy_call(ProxyObject *self, PyObject *args, PyObject *kwds)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    return PyObject_Call(self->wrapped, args, kwds);
}

static PyObject *
Proxy_iter(ProxyObject *self)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    return PyObject_GetIter(self->wrapped);
}

static Py_ssize_t
Proxy_length(ProxyObject *self)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_MINUS1(self);
    return PyObject_Length(self->wrapped);
}

static PyObject *
Proxy_getitem(ProxyObject *self, PyObject *key)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    return PyObject_GetItem(self->wrapped, key);
}

static PyObject *
Proxy_getattro(ProxyObject *self, PyObject *name)
{
    PyObject *res;

    /* The proxy's own attributes (__wrapped__, __factory__, methods, the
     * instance dict) first; everything else is the target's. */
    res = PyObject_GenericGetAttr((PyObject *)self, name);
    if (res != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError))
        return res;
    PyErr_Clear();
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    return PyObject_GetAttr(self->wrapped, name);
}

/* ------------------------------------------------------------ numbers */

static PyObject *
Proxy_add(PyObject *left, PyObject *right)
{
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(left);
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(right);
    return PyNumber_Add(left, right);
}

static PyObject *
Proxy_subtract(PyObject *left, PyObject *right)
{
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(left);
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(right);
    return PyNumber_Subtract(left, right);
}

static PyObject *
Proxy_multiply(PyObject *left, PyObject *right)
{
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(left);
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(right);
    return PyNumber_Multiply(left, right);
}

/* A shift needs an integer on one side: anything else is NotImplemented
 * before a target is made, so that the other operand may answer. */
static PyObject *
Proxy_lshift(PyObject *left, PyObject *right)
{
    if (!PyIndex_Check(left) && !PyIndex_Check(right))
        Py_RETURN_NOTIMPLEMENTED;
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(left);
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(right);
    return PyNumber_Lshift(left, right);
}

static PyObject *
Proxy_negative(ProxyObject *self)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    return PyNumber_Negative(self->wrapped);
}

static int
Proxy_bool(ProxyObject *self)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_MINUS1(self);
    return PyObject_IsTrue(self->wrapped);
}

static PyNumberMethods Proxy_as_number = {
    .nb_add = Proxy_add,
    .nb_subtract = Proxy_subtract,
    .nb_multiply = Proxy_multiply,
    .nb_lshift = Proxy_lshift,
    .nb_negative = (unaryfunc)Proxy_negative,
    .nb_bool = (inquiry)Proxy_bool,
};

static PySequenceMethods Proxy_as_sequence = {
    .sq_length = (lenfunc)Proxy_length,
};

static PyMappingMethods Proxy_as_mapping = {
    .mp_length = (lenfunc)Proxy_length,
    .mp_subscript = (binaryfunc)Proxy_getitem,
};

/* ------------------------------------------------------------ attributes */

static PyObject *
Proxy_get_wrapped(ProxyObject *self, void *closure)
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    Py_INCREF(self->wrapped);
    return self->wrapped;
}

static int
Proxy_set_wrapped(ProxyObject *self, PyObject *value, void *closure)
{
    Py_XINCREF(value);
    Py_XSETREF(self->wrapped, value);
    return 0;
}

static PyObject *
Proxy_get_factory(ProxyObject *self, void *closure)
{
    if (self->factory == NULL)
        Py_RETURN_NONE;
    Py_INCREF(self->factory);
    return self->factory;
}

static PyObject *
Proxy_get_resolved(ProxyObject *self, void *closure)
{
    return PyBool_FromLong(self->wrapped != NULL);
}

static PyGetSetDef Proxy_getset[] = {
    {"__wrapped__", (getter)Proxy_get_wrapped, (setter)Proxy_set_wrapped, "the target", NULL},
    {"__factory__", (getter)Proxy_get_factory, NULL, "what makes the target", NULL},
    {"__resolved__", (getter)Proxy_get_resolved, NULL, "whether the target was made", NULL},
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL}
};

static PyObject *
Proxy_reduce(ProxyObject *self, PyObject *Py_UNUSED(ignored))
{
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    return Py_BuildValue("(O(O))", (PyObject *)&Proxy_Type, self->factory ? self->factory : Py_None);
}

/* Vectorcall-style arguments, parsed by hand: (factory=None). */
static PyObject *
Proxy_resolve(ProxyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *factory = NULL;
    Py_ssize_t i;

    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "__resolve__() takes at most 1 argument (%zd given)", nargs);
        return NULL;
    }
    if (nargs == 1)
        factory = args[0];
    for (i = 0; kwnames != NULL && i < PyTuple_GET_SIZE(kwnames); i++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, i);
        if (factory != NULL || !PyUnicode_Check(key)
            || PyUnicode_CompareWithASCIIString(key, "factory") != 0) {
            PyErr_Format(PyExc_TypeError, "__resolve__() got an unexpected keyword argument %R", key);
            return NULL;
        }
        factory = args[nargs + i];
    }
    if (factory != NULL && factory != Py_None) {
        if (!PyCallable_Check(factory)) {
            PyErr_Format(FactoryError, "__resolve__() needs a callable factory, not %.200s",
                         Py_TYPE(factory)->tp_name);
            return NULL;
        }
        Py_INCREF(factory);
        Py_XSETREF(self->factory, factory);
        Py_CLEAR(self->wrapped);
    }
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    Py_INCREF(self->wrapped);
    return self->wrapped;
}

static PyMethodDef Proxy_methods[] = {
    {"__reduce__", (PyCFunction)Proxy_reduce, METH_NOARGS, NULL},
    {"__resolve__", (PyCFunction)(void (*)(void))Proxy_resolve, METH_FASTCALL | METH_KEYWORDS,
     "make the target now (from `factory` if given) and return it"},
    {NULL}
};

static PyTypeObject Proxy_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "lazyproxy.Proxy",
    .tp_basicsize = sizeof(ProxyObject),
    .tp_dealloc = (destructor)Proxy_dealloc,
    .tp_repr = (reprfunc)Proxy_repr,
    .tp_as_number = &Proxy_as_number,
    .tp_as_sequence = &Proxy_as_sequence,
    .tp_as_mapping = &Proxy_as_mapping,
    .tp_hash = (hashfunc)Proxy_hash,
    .tp_call = (ternaryfunc)Proxy_call,
    .tp_str = (reprfunc)Proxy_str,
    .tp_getattro = (getattrofunc)Proxy_getattro,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Proxy(factory): stands for factory(), called when first needed",
    .tp_traverse = (traverseproc)Proxy_traverse,
    .tp_clear = (inquiry)Proxy_clear,
    .tp_richcompare = (richcmpfunc)Proxy_richcompare,
    .tp_iter = (getiterfunc)Proxy_iter,
    .tp_methods = Proxy_methods,
    .tp_getset = Proxy_getset,
    .tp_dictoffset = offsetof(ProxyObject, dict),
    .tp_init = (initproc)Proxy_init,
    .tp_new = Proxy_new,
};

/* ------------------------------------------------------------ module */

static struct PyModuleDef lazyproxymodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "lazyproxy",
    .m_doc = "Proxies that make their target when first used.",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit_lazyproxy(void)
{
    PyObject *m;

    if (PyType_Ready(&Proxy_Type) < 0)
        return NULL;
    m = PyModule_Create(&lazyproxymodule);
    if (m == NULL)
        return NULL;
    FactoryError = PyErr_NewException("lazyproxy.FactoryError", PyExc_ValueError, NULL);
    if (FactoryError == NULL)
        goto error;
    Py_INCREF(FactoryError);
    if (PyModule_AddObject(m, "FactoryError", FactoryError) < 0) {
        Py_DECREF(FactoryError);
        goto error;
    }
    Py_INCREF(&Proxy_Type);
    if (PyModule_AddObject(m, "Proxy", (PyObject *)&Proxy_Type) < 0) {
        Py_DECREF(&Proxy_Type);
        goto error;
    }
    return m;

error:
    Py_DECREF(m);
    return NULL;
}
