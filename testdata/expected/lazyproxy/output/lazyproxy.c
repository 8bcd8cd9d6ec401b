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
#include "structmember.h"
#include <stddef.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *dict;
    PyObject *wrapped;
    PyObject *factory;
} ProxyObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* Raised when a proxy has no factory to make its target from. */
    PyObject *FactoryError;   /* was: static PyObject *FactoryError */
    PyTypeObject *Proxy_Type; /* was: static PyTypeObject Proxy_Type */
} lazyproxy_state;

static struct PyModuleDef lazyproxymodule;

static inline lazyproxy_state *
get_lazyproxy_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (lazyproxy_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none did. */
static inline lazyproxy_state *
lazyproxy_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &lazyproxymodule);
    return module == NULL ? NULL : get_lazyproxy_state(module);
}

/* For binary number slots: the state of whichever operand is of this module's types (either may be;
 * a static type such as int never is, so it is not searched). */
static inline lazyproxy_state *
lazyproxy_get_state_by_types(PyTypeObject *left, PyTypeObject *right)
{
    PyObject *module = NULL;
    if (PyType_HasFeature(left, Py_TPFLAGS_HEAPTYPE)) {
        module = PyType_GetModuleByDef(left, &lazyproxymodule);
        if (module == NULL)
            PyErr_Clear();
    }
    if (module == NULL) {
        module = PyType_GetModuleByDef(right, &lazyproxymodule);
        if (module == NULL)
            return NULL;
    }
    return get_lazyproxy_state(module);
}

/* The state of `self`, a ProxyObject of this module's types or of a subclass: kept in the object once looked up. */
static inline lazyproxy_state *
lazyproxy_get_state_of_ProxyObject(ProxyObject *self)
{
    if (self->module_state == NULL)
        self->module_state = lazyproxy_get_state_by_type(Py_TYPE(self));
    return (lazyproxy_state *)self->module_state;
}

static void Proxy_dealloc(ProxyObject *self);

/* For binary number slots: the state kept in whichever operand is a ProxyObject (its type's dealloc tells),
 * else that of the operand whose type is a subclass defined in Python. */
static inline lazyproxy_state *
lazyproxy_get_state_of_ProxyObject_operands(PyObject *left, PyObject *right)
{
    if (Py_TYPE(left)->tp_dealloc == (destructor)Proxy_dealloc)
        return lazyproxy_get_state_of_ProxyObject((ProxyObject *)left);
    if (Py_TYPE(right)->tp_dealloc == (destructor)Proxy_dealloc)
        return lazyproxy_get_state_of_ProxyObject((ProxyObject *)right);
    return lazyproxy_get_state_by_types(Py_TYPE(left), Py_TYPE(right));
}

static int
lazyproxy_traverse(PyObject *module, visitproc visit, void *arg)
{
    lazyproxy_state *st = get_lazyproxy_state(module);
    Py_VISIT(st->FactoryError);
    Py_VISIT(st->Proxy_Type);
    return 0;
}

static int
lazyproxy_clear(PyObject *module)
{
    lazyproxy_state *st = get_lazyproxy_state(module);
    Py_CLEAR(st->FactoryError);
    Py_CLEAR(st->Proxy_Type);
    return 0;
}

static void
lazyproxy_free(void *module)
{
    (void)lazyproxy_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
lazyproxy_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type, int disallow_new)
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
            PyErr_NoMemory(); /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
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

#define Proxy_Check(st, op) PyObject_IsInstance((op), (PyObject *)st->Proxy_Type)

/* The target, made by calling the factory the first time; a borrowed
 * reference, NULL with an exception set on failure. */
static PyObject *
Proxy__ensure_wrapped(ProxyObject *self)
{
    PyObject *wrapped;

    if (self->wrapped != NULL)
        return self->wrapped;
    if (self->factory == NULL) {
        lazyproxy_state *st = lazyproxy_get_state_of_ProxyObject(self);
        if (st == NULL)
            return NULL;
        PyErr_SetString(st->FactoryError, "Proxy has no __factory__ to make its target");
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
#define Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(st, object)                  \
    do {                                                                \
        int is_proxy = Proxy_Check(st, object);                             \
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
    Py_VISIT(Py_TYPE(self));
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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Proxy_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
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
    lazyproxy_state *st = lazyproxy_get_state_of_ProxyObject(self);

    if (st == NULL)
        return NULL;
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(st, other);
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
    lazyproxy_state *st = lazyproxy_get_state_of_ProxyObject_operands(left, right);

    if (st == NULL)
        return NULL;
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(st, left);
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(st, right);
    return PyNumber_Add(left, right);
}

static PyObject *
Proxy_subtract(PyObject *left, PyObject *right)
{
    lazyproxy_state *st = lazyproxy_get_state_of_ProxyObject_operands(left, right);

    if (st == NULL)
        return NULL;
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(st, left);
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(st, right);
    return PyNumber_Subtract(left, right);
}

static PyObject *
Proxy_multiply(PyObject *left, PyObject *right)
{
    lazyproxy_state *st = lazyproxy_get_state_of_ProxyObject_operands(left, right);

    if (st == NULL)
        return NULL;
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(st, left);
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(st, right);
    return PyNumber_Multiply(left, right);
}

/* A shift needs an integer on one side: anything else is NotImplemented
 * before a target is made, so that the other operand may answer. */
static PyObject *
Proxy_lshift(PyObject *left, PyObject *right)
{
    lazyproxy_state *st;

    if (!PyIndex_Check(left) && !PyIndex_Check(right))
        Py_RETURN_NOTIMPLEMENTED;
    st = lazyproxy_get_state_of_ProxyObject_operands(left, right);
    if (st == NULL)
        return NULL;
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(st, left);
    Proxy__WRAPPED_REPLACE_OR_RETURN_NULL(st, right);
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
    lazyproxy_state *st = lazyproxy_get_state_of_ProxyObject(self);

    if (st == NULL)
        return NULL;
    Proxy__ENSURE_WRAPPED_OR_RETURN_NULL(self);
    return Py_BuildValue("(O(O))", (PyObject *)st->Proxy_Type, self->factory ? self->factory : Py_None);
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
            lazyproxy_state *st = lazyproxy_get_state_of_ProxyObject(self);
            if (st == NULL)
                return NULL;
            PyErr_Format(st->FactoryError, "__resolve__() needs a callable factory, not %.200s",
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

static PyMemberDef Proxy_members[] = {
    {"__dictoffset__", T_PYSSIZET, offsetof(ProxyObject, dict), READONLY, NULL},
    {NULL},
};

static PyType_Slot Proxy_slots[] = {
    {Py_tp_dealloc, (void *)Proxy_dealloc},
    {Py_tp_repr, (void *)Proxy_repr},
    {Py_nb_add, (void *)Proxy_add},
    {Py_nb_subtract, (void *)Proxy_subtract},
    {Py_nb_multiply, (void *)Proxy_multiply},
    {Py_nb_negative, (void *)Proxy_negative},
    {Py_nb_bool, (void *)Proxy_bool},
    {Py_nb_lshift, (void *)Proxy_lshift},
    {Py_sq_length, (void *)Proxy_length},
    {Py_mp_length, (void *)Proxy_length},
    {Py_mp_subscript, (void *)Proxy_getitem},
    {Py_tp_hash, (void *)Proxy_hash},
    {Py_tp_call, (void *)Proxy_call},
    {Py_tp_str, (void *)Proxy_str},
    {Py_tp_getattro, (void *)Proxy_getattro},
    {Py_tp_doc, (void *)"Proxy(factory): stands for factory(), called when first needed"},
    {Py_tp_traverse, (void *)Proxy_traverse},
    {Py_tp_clear, (void *)Proxy_clear},
    {Py_tp_richcompare, (void *)Proxy_richcompare},
    {Py_tp_iter, (void *)Proxy_iter},
    {Py_tp_methods, (void *)Proxy_methods},
    {Py_tp_getset, (void *)Proxy_getset},
    {Py_tp_init, (void *)Proxy_init},
    {Py_tp_new, (void *)Proxy_new},
    {Py_tp_members, (void *)Proxy_members},
    {0, NULL},
};

static PyType_Spec Proxy_spec = {
    .name = "lazyproxy.Proxy",
    .basicsize = sizeof(ProxyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Proxy_slots,
};

/* ------------------------------------------------------------ module */

static int lazyproxy_exec(PyObject *m);

static PyModuleDef_Slot lazyproxy_slots[] = {
    {Py_mod_exec, (void *)lazyproxy_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef lazyproxymodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "lazyproxy",
    .m_doc = "Proxies that make their target when first used.",
    .m_size = sizeof(lazyproxy_state),
    .m_slots = lazyproxy_slots,
    .m_traverse = lazyproxy_traverse,
    .m_clear = lazyproxy_clear,
    .m_free = lazyproxy_free,
};

static int
lazyproxy_exec(PyObject *m)
{
    lazyproxy_state *st = get_lazyproxy_state(m);

    if (lazyproxy_create_type(m, &Proxy_spec, NULL, &st->Proxy_Type, 0) < 0)
        return -1;
    st->FactoryError = PyErr_NewException("lazyproxy.FactoryError", PyExc_ValueError, NULL);
    if (st->FactoryError == NULL)
        goto error;
    Py_INCREF(st->FactoryError);
    if (PyModule_AddObject(m, "FactoryError", st->FactoryError) < 0) {
        Py_DECREF(st->FactoryError);
        goto error;
    }
    Py_INCREF(st->Proxy_Type);
    if (PyModule_AddObject(m, "Proxy", (PyObject *)st->Proxy_Type) < 0) {
        Py_DECREF(st->Proxy_Type);
        goto error;
    }
    return 0;

error:
    return -1;
}

PyMODINIT_FUNC
PyInit_lazyproxy(void)
{
    return PyModuleDef_Init(&lazyproxymodule);
}
