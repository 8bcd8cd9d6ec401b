/*
 * tagset: two set-like types over one object struct. TagSet can be
 * subclassed, FrozenTagSet cannot; both use the same functions for
 * construction, repr, comparison and union.
 */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *tags;                 /* frozenset of str */
} TagSetObject;

static PyObject *repr_prefix;       /* "tags" */
static PyObject *empty_tags;        /* the empty frozenset */

static PyTypeObject TagSet_Type;
static PyTypeObject FrozenTagSet_Type;

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
        Py_INCREF(empty_tags);
        self->tags = empty_tags;
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
    Py_XDECREF(self->tags);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
tagset_repr(TagSetObject *self)
{
    PyObject *sorted = PySequence_List(self->tags);
    PyObject *res;

    if (sorted == NULL)
        return NULL;
    if (PyList_Sort(sorted) < 0) {
        Py_DECREF(sorted);
        return NULL;
    }
    res = PyUnicode_FromFormat("%s(%U%R)", Py_TYPE(self)->tp_name, repr_prefix, sorted);
    Py_DECREF(sorted);
    return res;
}

static PyObject *
tagset_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!PyObject_TypeCheck(b, &TagSet_Type) && !PyObject_TypeCheck(b, &FrozenTagSet_Type))
        Py_RETURN_NOTIMPLEMENTED;
    return PyObject_RichCompare(((TagSetObject *)a)->tags, ((TagSetObject *)b)->tags, op);
}

static PyObject *
tagset_or(PyObject *a, PyObject *b)
{
    PyObject *tags, *res;

    if (!PyObject_TypeCheck(a, &TagSet_Type) && !PyObject_TypeCheck(a, &FrozenTagSet_Type))
        Py_RETURN_NOTIMPLEMENTED;
    if (!PyObject_TypeCheck(b, &TagSet_Type) && !PyObject_TypeCheck(b, &FrozenTagSet_Type))
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

static PyNumberMethods tagset_as_number = {
    .nb_or = tagset_or,
};

static PySequenceMethods tagset_as_sequence = {
    .sq_length = (lenfunc)tagset_len,
};

static PyTypeObject TagSet_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tagset.TagSet",
    .tp_basicsize = sizeof(TagSetObject),
    .tp_dealloc = (destructor)tagset_dealloc,
    .tp_repr = (reprfunc)tagset_repr,
    .tp_as_number = &tagset_as_number,
    .tp_as_sequence = &tagset_as_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A set of tags.",
    .tp_richcompare = tagset_richcompare,
    .tp_new = tagset_new,
};

static PyTypeObject FrozenTagSet_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tagset.FrozenTagSet",
    .tp_basicsize = sizeof(TagSetObject),
    .tp_dealloc = (destructor)tagset_dealloc,
    .tp_repr = (reprfunc)tagset_repr,
    .tp_as_number = &tagset_as_number,
    .tp_as_sequence = &tagset_as_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A set of tags that cannot be subclassed.",
    .tp_richcompare = tagset_richcompare,
    .tp_new = tagset_new,
};

static struct PyModuleDef tagset_module = {
    PyModuleDef_HEAD_INIT,
    "tagset",
    "Sets of tags.",
    -1,
    NULL
};

PyMODINIT_FUNC
PyInit_tagset(void)
{
    PyObject *m;

    if (PyType_Ready(&TagSet_Type) < 0 || PyType_Ready(&FrozenTagSet_Type) < 0)
        return NULL;
    repr_prefix = PyUnicode_InternFromString("tags=");
    if (repr_prefix == NULL)
        return NULL;
    empty_tags = PyFrozenSet_New(NULL);
    if (empty_tags == NULL)
        return NULL;
    m = PyModule_Create(&tagset_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&TagSet_Type);
    if (PyModule_AddObject(m, "TagSet", (PyObject *)&TagSet_Type) < 0) {
        Py_DECREF(&TagSet_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&FrozenTagSet_Type);
    if (PyModule_AddObject(m, "FrozenTagSet", (PyObject *)&FrozenTagSet_Type) < 0) {
        Py_DECREF(&FrozenTagSet_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
