/* tagapi -- values that carry a string tag, with a C API exported as a struct of pointers.
 *
 * The table names the Tagged type and three functions: tagapi_check() and tagapi_unwrap() get an
 * object, tagapi_wrap() gets only a value and a C string (it needs the type from the module).
 */
#define PY_SSIZE_T_CLEAN
#define TAGAPI_MODULE
#include "tagapi_api.h"
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *TaggedType;     /* was: static PyTypeObject TaggedType */
    TagAPI_Interface tagapi_capi; /* was: static TagAPI_Interface tagapi_capi (the exported C-API
                                     table) */
} tagapi_state;

static struct PyModuleDef tagapi_module;

static inline tagapi_state *
get_tagapi_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tagapi_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline tagapi_state *
tagapi_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &tagapi_module);
    return module == NULL ? NULL : get_tagapi_state(module);
}

static int
tagapi_traverse(PyObject *module, visitproc visit, void *arg)
{
    tagapi_state *st = get_tagapi_state(module);
    Py_VISIT(st->TaggedType);
    return 0;
}

static int
tagapi_clear(PyObject *module)
{
    tagapi_state *st = get_tagapi_state(module);
    Py_CLEAR(st->TaggedType);
    return 0;
}

static void
tagapi_free(void *module)
{
    (void)tagapi_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tagapi_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

/* The legacy C-API's module: the main interpreter's first one (set in exec, never freed). */
static tagapi_state *tagapi_main_state = NULL;

static tagapi_state *
tagapi_legacy_state(void)
{
    if (tagapi_main_state == NULL || PyInterpreterState_Get() != PyInterpreterState_Main()) {
        PyErr_SetString(PyExc_RuntimeError,
                        "tagapi C-API: this function works in the main interpreter only");
        return NULL;
    }
    return tagapi_main_state;
}

static int tagapi_check_impl(tagapi_state *st, PyObject *obj);
static PyObject *tagapi_unwrap_impl(tagapi_state *st, PyObject *tagged);
static PyObject *tagapi_wrap_impl(tagapi_state *st, PyObject *value, const char *tag);

#define Tagged_Check(st, op) PyObject_TypeCheck(op, st->TaggedType)

static int
tagapi_check_impl(tagapi_state *st, PyObject *obj)
{
    return Tagged_Check(st, obj);
}

/* For the C-API table: the module of obj's type, else the main interpreter's module
 * (pyext-isolate). */
static int
tagapi_check(PyObject *obj)
{
    tagapi_state *st = tagapi_get_state_by_type(Py_TYPE(obj));
    if (st == NULL) {
        PyErr_Clear();
        st = tagapi_legacy_state();
    }
    if (st == NULL)
        return -1;
    return tagapi_check_impl(st, obj);
}

static PyObject *
tagapi_wrap_impl(tagapi_state *st, PyObject *value, const char *tag)
{
    TaggedObject *self = PyObject_GC_New(TaggedObject, st->TaggedType);
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

/* For the C-API table: the module of value's type, else the main interpreter's module
 * (pyext-isolate). */
static PyObject *
tagapi_wrap(PyObject *value, const char *tag)
{
    tagapi_state *st = tagapi_get_state_by_type(Py_TYPE(value));
    if (st == NULL) {
        PyErr_Clear();
        st = tagapi_legacy_state();
    }
    if (st == NULL)
        return NULL;
    return tagapi_wrap_impl(st, value, tag);
}

static PyObject *
tagapi_unwrap_impl(tagapi_state *st, PyObject *tagged)
{
    if (!Tagged_Check(st, tagged)) {
        PyErr_Format(PyExc_TypeError, "expected a tagapi.Tagged, not %.200s", Py_TYPE(tagged)->tp_name);
        return NULL;
    }
    Py_INCREF(((TaggedObject *)tagged)->value);
    return ((TaggedObject *)tagged)->value;
}

/* For the C-API table: the module of tagged's type, else the main interpreter's module
 * (pyext-isolate). */
static PyObject *
tagapi_unwrap(PyObject *tagged)
{
    tagapi_state *st = tagapi_get_state_by_type(Py_TYPE(tagged));
    if (st == NULL) {
        PyErr_Clear();
        st = tagapi_legacy_state();
    }
    if (st == NULL)
        return NULL;
    return tagapi_unwrap_impl(st, tagged);
}

static int
Tagged_traverse(TaggedObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Tagged_clear(self);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
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

static PyType_Slot Tagged_slots[] = {
    {Py_tp_dealloc, (void *)Tagged_dealloc},
    {Py_tp_repr, (void *)Tagged_repr},
    {Py_tp_doc, (void *)"A value with a tag."},
    {Py_tp_traverse, (void *)Tagged_traverse},
    {Py_tp_clear, (void *)Tagged_clear},
    {Py_tp_getset, (void *)Tagged_getset},
    {Py_tp_new, (void *)Tagged_new},
    {0, NULL},
};

static PyType_Spec Tagged_spec = {
    .name = "tagapi.Tagged",
    .basicsize = sizeof(TaggedObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tagged_slots,
};

static PyObject *
tagapi_tag(PyObject *module, PyObject *args)
{
    tagapi_state *st = get_tagapi_state(module);
    PyObject *value;
    const char *tag;
    if (!PyArg_ParseTuple(args, "Os:tag", &value, &tag))
        return NULL;
    return tagapi_wrap_impl(st, value, tag);
}

static PyObject *
tagapi_untag(PyObject *module, PyObject *arg)
{
    tagapi_state *st = get_tagapi_state(module);
    return tagapi_unwrap_impl(st, arg);
}

static PyMethodDef tagapi_methods[] = {
    {"tag", tagapi_tag, METH_VARARGS, "tag(value, tag) -> Tagged, through the C API"},
    {"untag", tagapi_untag, METH_O, "untag(tagged) -> value, through the C API"},
    {NULL, NULL, 0, NULL},
};

static int tagapi_exec(PyObject *m);

static PyModuleDef_Slot tagapi_slots[] = {
    {Py_mod_exec, (void *)tagapi_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tagapi_module = {
    PyModuleDef_HEAD_INIT, "tagapi", "Tagged values with a C API.", sizeof(tagapi_state), tagapi_methods,
    tagapi_slots,
    tagapi_traverse,
    tagapi_clear,
    tagapi_free
};

static int
tagapi_exec(PyObject *m)
{
    tagapi_state *st = get_tagapi_state(m);
    PyObject *capsule;

    if (tagapi_create_type(m, &Tagged_spec, NULL, &st->TaggedType, 0) < 0)
        goto error;
    Py_INCREF(st->TaggedType);
    if (PyModule_AddObject(m, "Tagged", (PyObject *)st->TaggedType) < 0) {
        Py_DECREF(st->TaggedType);
        goto error;
    }
    /* pyext-isolate: this module's C-API table (it had a static initializer). */
    st->tagapi_capi.taggedtype = st->TaggedType;
    st->tagapi_capi.check = tagapi_check;
    st->tagapi_capi.wrap = tagapi_wrap;
    st->tagapi_capi.unwrap = tagapi_unwrap;
    st->tagapi_capi.version = TagAPI_VERSION;
    /* pyext-isolate: the main interpreter's first module serves consumers that cache the table. */
    if (tagapi_main_state == NULL && PyInterpreterState_Get() == PyInterpreterState_Main()) {
        tagapi_main_state = st;
        Py_INCREF(m); /* kept alive until exit */
    }
    capsule = PyCapsule_New(&st->tagapi_capi, TagAPI_CAPSULE_NAME, NULL);
    if (capsule == NULL)
        goto error;
    if (PyModule_AddObject(m, "_C_API", capsule) < 0) {
        Py_DECREF(capsule);
        goto error;
    }
    return 0;

  error:
    return -1;
}

PyMODINIT_FUNC
PyInit_tagapi(void)
{
    return PyModuleDef_Init(&tagapi_module);
}
