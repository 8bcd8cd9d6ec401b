/*
 * tagset: two set-like types over one object struct. TagSet can be
 * subclassed, FrozenTagSet cannot; both use the same functions for
 * construction, repr, comparison and union.
 */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *tags;                 /* frozenset of str */
} TagSetObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *repr_prefix;           /* was: static PyObject *repr_prefix */
    PyObject *empty_tags;            /* was: static PyObject *empty_tags */
    PyTypeObject *TagSet_Type;       /* was: static PyTypeObject TagSet_Type */
    PyTypeObject *FrozenTagSet_Type; /* was: static PyTypeObject FrozenTagSet_Type */
} tagset_state;

static struct PyModuleDef tagset_module;

static inline tagset_state *
get_tagset_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tagset_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline tagset_state *
tagset_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &tagset_module);
    return module == NULL ? NULL : get_tagset_state(module);
}

/* For binary number slots: the state of whichever operand is of this module's types (either may
 * be; a static type such as int never is, so it is not searched). */
static inline tagset_state *
tagset_get_state_by_types(PyTypeObject *left, PyTypeObject *right)
{
    PyObject *module = NULL;
    if (PyType_HasFeature(left, Py_TPFLAGS_HEAPTYPE)) {
        module = PyType_GetModuleByDef(left, &tagset_module);
        if (module == NULL)
            PyErr_Clear();
    }
    if (module == NULL) {
        module = PyType_GetModuleByDef(right, &tagset_module);
        if (module == NULL)
            return NULL;
    }
    return get_tagset_state(module);
}

/* The state of `self`, a TagSetObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline tagset_state *
tagset_get_state_of_TagSetObject(TagSetObject *self)
{
    if (self->module_state == NULL)
        self->module_state = tagset_get_state_by_type(Py_TYPE(self));
    return (tagset_state *)self->module_state;
}

static void tagset_dealloc(TagSetObject *self);

/* For binary number slots: the state kept in whichever operand is a TagSetObject (its type's
 * dealloc tells), else that of the operand whose type is a subclass defined in Python. */
static inline tagset_state *
tagset_get_state_of_TagSetObject_operands(PyObject *left, PyObject *right)
{
    if (Py_TYPE(left)->tp_dealloc == (destructor)tagset_dealloc)
        return tagset_get_state_of_TagSetObject((TagSetObject *)left);
    if (Py_TYPE(right)->tp_dealloc == (destructor)tagset_dealloc)
        return tagset_get_state_of_TagSetObject((TagSetObject *)right);
    return tagset_get_state_by_types(Py_TYPE(left), Py_TYPE(right));
}

static int
tagset_traverse(PyObject *module, visitproc visit, void *arg)
{
    tagset_state *st = get_tagset_state(module);
    Py_VISIT(st->repr_prefix);
    Py_VISIT(st->empty_tags);
    Py_VISIT(st->TagSet_Type);
    Py_VISIT(st->FrozenTagSet_Type);
    return 0;
}

static int
tagset_clear(PyObject *module)
{
    tagset_state *st = get_tagset_state(module);
    Py_CLEAR(st->repr_prefix);
    Py_CLEAR(st->empty_tags);
    Py_CLEAR(st->TagSet_Type);
    Py_CLEAR(st->FrozenTagSet_Type);
    return 0;
}

static void
tagset_free(void *module)
{
    (void)tagset_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tagset_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                   int disallow_new)
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

static PyObject *
tagset_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *items = NULL;
    TagSetObject *self;

    if (!PyArg_ParseTuple(args, "|O:TagSet", &items))
        return NULL;
    self = (TagSetObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    if (items == NULL) {
        tagset_state *st = tagset_get_state_by_type(type);
        if (st == NULL)
            return NULL;
        Py_INCREF(st->empty_tags);
        self->tags = st->empty_tags;
    }
    else {
        self->tags = PyFrozenSet_New(items);
        if (self->tags == NULL) {
            Py_DECREF(self);
            return NULL;
        }
    }
    return (PyObject *)self;
}

static void
tagset_dealloc(TagSetObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->tags);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
tagset_repr(TagSetObject *self)
{
    tagset_state *st;
    PyObject *sorted = PySequence_List(self->tags);
    PyObject *res;

    if (sorted == NULL)
        return NULL;
    if (PyList_Sort(sorted) < 0) {
        Py_DECREF(sorted);
        return NULL;
    }
    st = tagset_get_state_of_TagSetObject(self);
    if (st == NULL)
        return NULL;
    res = PyUnicode_FromFormat("%s(%U%R)", Py_TYPE(self)->tp_name, st->repr_prefix, sorted);
    Py_DECREF(sorted);
    return res;
}

static PyObject *
tagset_richcompare(PyObject *a, PyObject *b, int op)
{
    tagset_state *st = tagset_get_state_of_TagSetObject((TagSetObject *)a);

    if (st == NULL)
        return NULL;
    if (!PyObject_TypeCheck(b, st->TagSet_Type) && !PyObject_TypeCheck(b, st->FrozenTagSet_Type))
        Py_RETURN_NOTIMPLEMENTED;
    return PyObject_RichCompare(((TagSetObject *)a)->tags, ((TagSetObject *)b)->tags, op);
}

static PyObject *
tagset_or(PyObject *a, PyObject *b)
{
    tagset_state *st = tagset_get_state_of_TagSetObject_operands(a, b);
    PyObject *tags, *res;

    if (st == NULL)
        return NULL;
    if (!PyObject_TypeCheck(a, st->TagSet_Type) && !PyObject_TypeCheck(a, st->FrozenTagSet_Type))
        Py_RETURN_NOTIMPLEMENTED;
    if (!PyObject_TypeCheck(b, st->TagSet_Type) && !PyObject_TypeCheck(b, st->FrozenTagSet_Type))
        Py_RETURN_NOTIMPLEMENTED;
    tags = PyNumber_Or(((TagSetObject *)a)->tags, ((TagSetObject *)b)->tags);
    if (tags == NULL)
        return NULL;
    res = PyObject_CallOneArg((PyObject *)Py_TYPE(a), tags);
    Py_DECREF(tags);
    return res;
}

static Py_ssize_t
tagset_len(TagSetObject *self)
{
    return PySet_GET_SIZE(self->tags);
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
TagSet_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot TagSet_slots[] = {
    {Py_tp_dealloc, (void *)tagset_dealloc},
    {Py_tp_repr, (void *)tagset_repr},
    {Py_nb_or, (void *)tagset_or},
    {Py_sq_length, (void *)tagset_len},
    {Py_tp_doc, (void *)"A set of tags."},
    {Py_tp_traverse, (void *)TagSet_traverse},
    {Py_tp_richcompare, (void *)tagset_richcompare},
    {Py_tp_new, (void *)tagset_new},
    {0, NULL},
};

static PyType_Spec TagSet_spec = {
    .name = "tagset.TagSet",
    .basicsize = sizeof(TagSetObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = TagSet_slots,
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
FrozenTagSet_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot FrozenTagSet_slots[] = {
    {Py_tp_dealloc, (void *)tagset_dealloc},
    {Py_tp_repr, (void *)tagset_repr},
    {Py_nb_or, (void *)tagset_or},
    {Py_sq_length, (void *)tagset_len},
    {Py_tp_doc, (void *)"A set of tags that cannot be subclassed."},
    {Py_tp_traverse, (void *)FrozenTagSet_traverse},
    {Py_tp_richcompare, (void *)tagset_richcompare},
    {Py_tp_new, (void *)tagset_new},
    {0, NULL},
};

static PyType_Spec FrozenTagSet_spec = {
    .name = "tagset.FrozenTagSet",
    .basicsize = sizeof(TagSetObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = FrozenTagSet_slots,
};

static int tagset_exec(PyObject *m);

static PyModuleDef_Slot tagset_slots[] = {
    {Py_mod_exec, (void *)tagset_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tagset_module = {
    PyModuleDef_HEAD_INIT,
    "tagset",
    "Sets of tags.",
    sizeof(tagset_state),
    NULL,
    tagset_slots,
    tagset_traverse,
    tagset_clear,
    tagset_free
};

static int
tagset_exec(PyObject *m)
{
    tagset_state *st = get_tagset_state(m);

    if (tagset_create_type(m, &TagSet_spec, NULL, &st->TagSet_Type, 0) < 0 || tagset_create_type(m, &FrozenTagSet_spec, NULL, &st->FrozenTagSet_Type, 0) < 0)
        return -1;
    st->repr_prefix = PyUnicode_InternFromString("tags=");
    if (st->repr_prefix == NULL)
        return -1;
    st->empty_tags = PyFrozenSet_New(NULL);
    if (st->empty_tags == NULL)
        return -1;
    Py_INCREF(st->TagSet_Type);
    if (PyModule_AddObject(m, "TagSet", (PyObject *)st->TagSet_Type) < 0) {
        Py_DECREF(st->TagSet_Type);
        return -1;
    }
    Py_INCREF(st->FrozenTagSet_Type);
    if (PyModule_AddObject(m, "FrozenTagSet", (PyObject *)st->FrozenTagSet_Type) < 0) {
        Py_DECREF(st->FrozenTagSet_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_tagset(void)
{
    return PyModuleDef_Init(&tagset_module);
}
