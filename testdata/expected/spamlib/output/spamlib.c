/*
 * spamlib.c -- records of spam, the demo extension of the pyext-isolate README.
 *
 * A Record is a named bag of tags plus an arbitrary payload.  Records can be
 * parsed from JSON text and dumped back to it.  The module is written the way
 * most extensions were written before PEP 489/630: one static type, a module
 * level exception object, a couple of C globals and single-phase init.
 *
 * Copyright (c) 2014-2021 The Spamlib Authors.  MIT licensed.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "structmember.h"
#include "pyext_isolate_compat.h"

#define SPAMLIB_VERSION "1.4.2"
#define SPAM_MAX_TAGS 64

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* Raised for everything that is the caller's fault. */
    PyObject *SpamError;       /* was: static PyObject *SpamError */
    /* Interned once in PyInit_spamlib(), used as a dict key for every dump. */
    PyObject *str_tags;        /* was: static PyObject *str_tags */
    PyObject *loads;           /* was: static PyObject *loads in
                                  spamlib_parse() */
    PyTypeObject *Record_Type; /* was: static PyTypeObject Record_Type */
} spamlib_state;

static struct PyModuleDef spamlibmodule;

static inline spamlib_state *
get_spamlib_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (spamlib_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an
 * exception if none did. */
static inline spamlib_state *
spamlib_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &spamlibmodule);
    return module == NULL ? NULL : get_spamlib_state(module);
}

static int
spamlib_traverse(PyObject *module, visitproc visit, void *arg)
{
    spamlib_state *st = get_spamlib_state(module);
    Py_VISIT(st->SpamError);
    Py_VISIT(st->str_tags);
    Py_VISIT(st->loads);
    Py_VISIT(st->Record_Type);
    return 0;
}

static int
spamlib_clear(PyObject *module)
{
    spamlib_state *st = get_spamlib_state(module);
    Py_CLEAR(st->SpamError);
    Py_CLEAR(st->str_tags);
    Py_CLEAR(st->loads);
    Py_CLEAR(st->Record_Type);
    return 0;
}

static void
spamlib_free(void *module)
{
    (void)spamlib_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
spamlib_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
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
            /* CPython (3.12, 3.13) loses the error when it cannot copy the
             * type's name */
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

static const char *const record_kinds[] = {"plain", "canned", "fried", NULL};

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *name;         /* str */
    PyObject *tags;         /* list of str */
    PyObject *payload;      /* anything JSON can hold */
    int kind;               /* index into record_kinds */
} RecordObject;

/* The state of `self`, a RecordObject of this module's types or of a subclass:
 * kept in the object once looked up. */
static inline spamlib_state *
spamlib_get_state_of_RecordObject(RecordObject *self)
{
    if (self->module_state == NULL)
        self->module_state = spamlib_get_state_by_type(Py_TYPE(self));
    return (spamlib_state *)self->module_state;
}

/* Only Record_Type and its subtypes have Record_dealloc: an exact instance is
 * told without the module state, which a subtype's instance needs. */
#define Record_Check(st, op) \
    (Py_TYPE(op)->tp_dealloc == (destructor)Record_dealloc \
     || PyObject_TypeCheck(op, st->Record_Type))

/* ---------------------------------------------------------------- Record */

static PyObject *
Record_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    RecordObject *self;

    self = (RecordObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->tags = PyList_New(0);
    if (self->tags == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    Py_INCREF(Py_None);
    self->payload = Py_None;
    self->kind = 0;
    return (PyObject *)self;
}

static int
Record_init(RecordObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"name", "payload", "kind", NULL};
    PyObject *name, *payload = NULL;
    const char *kind = NULL;
    int i;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "U|Os:Record", kwlist,
                                     &name, &payload, &kind))
        return -1;
    if (kind != NULL) {
        for (i = 0; record_kinds[i] != NULL; i++) {
            if (strcmp(record_kinds[i], kind) == 0)
                break;
        }
        if (record_kinds[i] == NULL) {
            spamlib_state *st = spamlib_get_state_of_RecordObject(self);
            if (st == NULL)
                return -1;
            PyErr_Format(st->SpamError, "unknown record kind '%s'", kind);
            return -1;
        }
        self->kind = i;
    }
    Py_INCREF(name);
    Py_XSETREF(self->name, name);
    if (payload != NULL) {
        Py_INCREF(payload);
        Py_XSETREF(self->payload, payload);
    }
    return 0;
}

static int
Record_traverse(RecordObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->name);
    Py_VISIT(self->tags);
    Py_VISIT(self->payload);
    return 0;
}

static int
Record_clear(RecordObject *self)
{
    Py_CLEAR(self->name);
    Py_CLEAR(self->tags);
    Py_CLEAR(self->payload);
    return 0;
}

static void
Record_dealloc(RecordObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Record_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Record_repr(RecordObject *self)
{
    if (self->name == NULL)
        return PyUnicode_FromFormat("<%s (unnamed)>", Py_TYPE(self)->tp_name);
    return PyUnicode_FromFormat("<%s %R kind=%s tags=%zd>",
                                Py_TYPE(self)->tp_name, self->name,
                                record_kinds[self->kind],
                                PyList_GET_SIZE(self->tags));
}

PyDoc_STRVAR(Record_add_tag__doc__,
"add_tag(tag)\n\
\n\
Append a tag.  Raises spamlib.error when the record already has\n\
SPAM_MAX_TAGS tags or the tag is not a str.");

static PyObject *
Record_add_tag(RecordObject *self, PyObject *tag)
{
    if (!PyUnicode_Check(tag)) {
        spamlib_state *st = spamlib_get_state_of_RecordObject(self);
        if (st == NULL)
            return NULL;
        PyErr_Format(st->SpamError, "tag must be str, not %.200s",
                     Py_TYPE(tag)->tp_name);
        return NULL;
    }
    if (PyList_GET_SIZE(self->tags) >= SPAM_MAX_TAGS) {
        spamlib_state *st = spamlib_get_state_of_RecordObject(self);
        if (st == NULL)
            return NULL;
        PyErr_SetString(st->SpamError, "too many tags");
        return NULL;
    }
    if (PyList_Append(self->tags, tag) < 0)
        return NULL;
    Py_RETURN_NONE;
}

PyDoc_STRVAR(Record_to_dict__doc__,
"to_dict() -> dict\n\
\n\
Return {'name': ..., 'tags': [...], 'payload': ...}.");

static PyObject *
Record_to_dict(RecordObject *self, PyObject *Py_UNUSED(ignored))
{
    spamlib_state *st = spamlib_get_state_of_RecordObject(self);
    PyObject *d, *tags;

    if (st == NULL)
        return NULL;
    d = PyDict_New();
    if (d == NULL)
        return NULL;
    tags = PyList_GetSlice(self->tags, 0, PY_SSIZE_T_MAX);
    if (tags == NULL)
        goto fail;
    if (PyDict_SetItemString(d, "name", self->name ? self->name : Py_None) < 0
        || PyDict_SetItem(d, st->str_tags, tags) < 0
        || PyDict_SetItemString(d, "payload", self->payload) < 0) {
        Py_DECREF(tags);
        goto fail;
    }
    Py_DECREF(tags);
    return d;

  fail:
    Py_DECREF(d);
    return NULL;
}

static PyMethodDef Record_methods[] = {
    {"add_tag", (PyCFunction)Record_add_tag, METH_O, Record_add_tag__doc__},
    {"to_dict", (PyCFunction)Record_to_dict, METH_NOARGS, Record_to_dict__doc__},
    {NULL, NULL, 0, NULL}
};

static PyMemberDef Record_members[] = {
    {"name", T_OBJECT, offsetof(RecordObject, name), READONLY, "record name"},
    {"tags", T_OBJECT, offsetof(RecordObject, tags), READONLY, "list of tags"},
    {"payload", T_OBJECT, offsetof(RecordObject, payload), 0, "payload"},
    {NULL}
};

PyDoc_STRVAR(Record__doc__,
"Record(name, payload=None, kind='plain')\n\
\n\
A named bag of tags with a JSON-compatible payload.");

static PyType_Slot Record_slots[] = {
    {Py_tp_dealloc, (void *)Record_dealloc},
    {Py_tp_repr, (void *)Record_repr},
    {Py_tp_doc, (void *)Record__doc__},
    {Py_tp_traverse, (void *)Record_traverse},
    {Py_tp_clear, (void *)Record_clear},
    {Py_tp_methods, (void *)Record_methods},
    {Py_tp_members, (void *)Record_members},
    {Py_tp_init, (void *)Record_init},
    {Py_tp_new, (void *)Record_new},
    {0, NULL},
};

static PyType_Spec Record_spec = {
    .name = "spamlib.Record",
    .basicsize = sizeof(RecordObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Record_slots,
};

/* ---------------------------------------------------------------- module */

PyDoc_STRVAR(spamlib_parse__doc__,
"parse(text) -> Record\n\
\n\
Build a Record from a JSON object with 'name', 'tags' and 'payload'.");

static PyObject *
spamlib_parse(PyObject *module, PyObject *text)
{
    spamlib_state *st = get_spamlib_state(module);
    PyObject *obj = NULL, *name, *tags, *payload, *rec = NULL;
    Py_ssize_t i;

    if (st->loads == NULL) {
        PyObject *json = PyImport_ImportModule("json");
        if (json == NULL)
            return NULL;
        st->loads = PyObject_GetAttrString(json, "loads");
        Py_DECREF(json);
        if (st->loads == NULL)
            return NULL;
    }

    obj = PyObject_CallFunctionObjArgs(st->loads, text, NULL);
    if (obj == NULL)
        return NULL;
    if (!PyDict_Check(obj)) {
        PyErr_SetString(st->SpamError, "JSON text must be an object");
        goto done;
    }
    name = PyDict_GetItemString(obj, "name");
    if (name == NULL || !PyUnicode_Check(name)) {
        PyErr_SetString(st->SpamError, "record needs a string 'name'");
        goto done;
    }
    payload = PyDict_GetItemString(obj, "payload");
    rec = PyObject_CallFunctionObjArgs((PyObject *)st->Record_Type, name,
                                       payload ? payload : Py_None, NULL);
    if (rec == NULL)
        goto done;
    tags = PyDict_GetItemWithError(obj, st->str_tags);
    if (tags == NULL) {
        if (PyErr_Occurred())
            Py_CLEAR(rec);
        goto done;
    }
    if (!PyList_Check(tags)) {
        PyErr_SetString(st->SpamError, "'tags' must be a list");
        Py_CLEAR(rec);
        goto done;
    }
    for (i = 0; i < PyList_GET_SIZE(tags); i++) {
        PyObject *r = Record_add_tag((RecordObject *)rec,
                                     PyList_GET_ITEM(tags, i));
        if (r == NULL) {
            Py_CLEAR(rec);
            goto done;
        }
        Py_DECREF(r);
    }

  done:
    Py_XDECREF(obj);
    return rec;
}

PyDoc_STRVAR(spamlib_is_record__doc__,
"is_record(obj) -> bool\n\
\n\
True for Records and instances of Record subclasses.");

static PyObject *
spamlib_is_record(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(Record_Check(get_spamlib_state(module), obj));
}

static PyMethodDef spamlib_methods[] = {
    {"parse", spamlib_parse, METH_O, spamlib_parse__doc__},
    {"is_record", spamlib_is_record, METH_O, spamlib_is_record__doc__},
    {NULL, NULL, 0, NULL}
};

PyDoc_STRVAR(spamlib__doc__, "Records of spam (pyext-isolate demo module).");

static int spamlib_exec(PyObject *m);

static PyModuleDef_Slot spamlib_slots[] = {
    {Py_mod_exec, (void *)spamlib_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef spamlibmodule = {
    PyModuleDef_HEAD_INIT,
    "spamlib",
    spamlib__doc__,
    sizeof(spamlib_state),
    spamlib_methods,
    spamlib_slots,
    spamlib_traverse,
    spamlib_clear,
    spamlib_free
};

static int
spamlib_exec(PyObject *m)
{
    spamlib_state *st = get_spamlib_state(m);

    if (spamlib_create_type(m, &Record_spec, NULL, &st->Record_Type, 0) < 0)
        return -1;

    st->SpamError = PyErr_NewException("spamlib.error", NULL, NULL);
    if (st->SpamError == NULL)
        goto error;
    Py_INCREF(st->SpamError);
    if (PyModule_AddObject(m, "error", st->SpamError) < 0) {
        Py_DECREF(st->SpamError);
        goto error;
    }

    st->str_tags = PyUnicode_InternFromString("tags");
    if (st->str_tags == NULL)
        goto error;

    Py_INCREF(st->Record_Type);
    if (PyModule_AddObject(m, "Record", (PyObject *)st->Record_Type) < 0) {
        Py_DECREF(st->Record_Type);
        goto error;
    }
    if (PyModule_AddStringConstant(m, "__version__", SPAMLIB_VERSION) < 0)
        goto error;
    return 0;

  error:
    Py_CLEAR(st->SpamError);
    return -1;
}

PyMODINIT_FUNC
PyInit_spamlib(void)
{
    return PyModuleDef_Init(&spamlibmodule);
}
