/* tagapi -- values that carry a string tag, with a C API exported as a struct of pointers.
 *
 * The table names the Tagged type and three functions: tagapi_check() and tagapi_unwrap() get an
 * object, tagapi_wrap() gets only a value and a C string (it needs the type from the module).
 */
#define PY_SSIZE_T_CLEAN
#define TAGAPI_MODULE
#include "tagapi_api.h"

static PyTypeObject TaggedType;

#define Tagged_Check(op) PyObject_TypeCheck(op, &TaggedType)

static int
tagapi_check(PyObject *obj)
{
    return Tagged_Check(obj);
}

static PyObject *
tagapi_wrap(PyObject *value, const char *tag)
{
    TaggedObject *self = PyObject_GC_New(TaggedObject, &TaggedType);
    if (self == NULL)
        return NULL;
    self->tag = PyUnicode_FromString(tag);
    if (self->tag == NULL) {
        self->value = NULL;
        Py_DECREF(self);
        return NULL;
    }
    Py_INCREF(value);
    self->value = value;
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static PyObject *
tagapi_unwrap(PyObject *tagged)
{
    if (!Tagged_Check(tagged)) {
        PyErr_Format(PyExc_TypeError, "expected a tagapi.Tagged, not %.200s", Py_TYPE(tagged)->tp_name);
        return NULL;
    }
    Py_INCREF(((TaggedObject *)tagged)->value);
    return ((TaggedObject *)tagged)->value;
}

static int
Tagged_traverse(TaggedObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->value);
    Py_VISIT(self->tag);
    return 0;
}

static int
Tagged_clear(TaggedObject *self)
{
    Py_CLEAR(self->value);
    Py_CLEAR(self->tag);
    return 0;
}

static void
Tagged_dealloc(TaggedObject *self)
{
    PyObject_GC_UnTrack(self);
    Tagged_clear(self);
    PyObject_GC_Del(self);
}

static PyObject *
Tagged_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"value", "tag", NULL};
    PyObject *value, *tag;
    TaggedObject *self;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OU:Tagged", kwlist, &value, &tag))
        return NULL;
    self = (TaggedObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(value);
    self->value = value;
    Py_INCREF(tag);
    self->tag = tag;
    return (PyObject *)self;
}

static PyObject *
Tagged_repr(TaggedObject *self)
{
    return PyUnicode_FromFormat("<%U: %R>", self->tag, self->value);
}

static PyObject *
Tagged_get_tag(TaggedObject *self, void *closure)
{
    Py_INCREF(self->tag);
    return self->tag;
}

static PyObject *
Tagged_get_value(TaggedObject *self, void *closure)
{
    Py_INCREF(self->value);
    return self->value;
}

static PyGetSetDef Tagged_getset[] = {
    {"tag", (getter)Tagged_get_tag, NULL, "the tag", NULL},
    {"value", (getter)Tagged_get_value, NULL, "the tagged value", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject TaggedType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "tagapi.Tagged",                            /* tp_name */
    sizeof(TaggedObject),                       /* tp_basicsize */
    0,                                          /* tp_itemsize */
    (destructor)Tagged_dealloc,                 /* tp_dealloc */
    0,                                          /* tp_vectorcall_offset */
    0,                                          /* tp_getattr */
    0,                                          /* tp_setattr */
    0,                                          /* tp_as_async */
    (reprfunc)Tagged_repr,                      /* tp_repr */
    0,                                          /* tp_as_number */
    0,                                          /* tp_as_sequence */
    0,                                          /* tp_as_mapping */
    0,                                          /* tp_hash */
    0,                                          /* tp_call */
    0,                                          /* tp_str */
    0,                                          /* tp_getattro */
    0,                                          /* tp_setattro */
    0,                                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE, /* tp_flags */
    "A value with a tag.",                      /* tp_doc */
    (traverseproc)Tagged_traverse,              /* tp_traverse */
    (inquiry)Tagged_clear,                      /* tp_clear */
    0,                                          /* tp_richcompare */
    0,                                          /* tp_weaklistoffset */
    0,                                          /* tp_iter */
    0,                                          /* tp_iternext */
    0,                                          /* tp_methods */
    0,                                          /* tp_members */
    Tagged_getset,                              /* tp_getset */
    0,                                          /* tp_base */
    0,                                          /* tp_dict */
    0,                                          /* tp_descr_get */
    0,                                          /* tp_descr_set */
    0,                                          /* tp_dictoffset */
    0,                                          /* tp_init */
    0,                                          /* tp_alloc */
    Tagged_new,                                 /* tp_new */
};

/* The exported C API (see tagapi_api.h). */
static TagAPI_Interface tagapi_capi = {
    &TaggedType,
    tagapi_check,
    tagapi_wrap,
    tagapi_unwrap,
    TagAPI_VERSION,
};

static PyObject *
tagapi_tag(PyObject *module, PyObject *args)
{
    PyObject *value;
    const char *tag;
    if (!PyArg_ParseTuple(args, "Os:tag", &value, &tag))
        return NULL;
    return tagapi_wrap(value, tag);
}

static PyObject *
tagapi_untag(PyObject *module, PyObject *arg)
{
    return tagapi_unwrap(arg);
}

static PyMethodDef tagapi_methods[] = {
    {"tag", tagapi_tag, METH_VARARGS, "tag(value, tag) -> Tagged, through the C API"},
    {"untag", tagapi_untag, METH_O, "untag(tagged) -> value, through the C API"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef tagapi_module = {
    PyModuleDef_HEAD_INIT, "tagapi", "Tagged values with a C API.", -1, tagapi_methods
};

PyMODINIT_FUNC
PyInit_tagapi(void)
{
    PyObject *m, *capsule;

    m = PyModule_Create(&tagapi_module);
    if (m == NULL)
        return NULL;
    if (PyType_Ready(&TaggedType) < 0)
        goto error;
    Py_INCREF(&TaggedType);
    if (PyModule_AddObject(m, "Tagged", (PyObject *)&TaggedType) < 0) {
        Py_DECREF(&TaggedType);
        goto error;
    }
    capsule = PyCapsule_New(&tagapi_capi, TagAPI_CAPSULE_NAME, NULL);
    if (capsule == NULL)
        goto error;
    if (PyModule_AddObject(m, "_C_API", capsule) < 0) {
        Py_DECREF(capsule);
        goto error;
    }
    return m;

  error:
    Py_DECREF(m);
    return NULL;
}
