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

typedef struct {
    PyObject_HEAD
    PyObject *name;         /* str */
    PyObject *tags;         /* list of str */
    PyObject *payload;      /* anything JSON can hold */
    int kind;               /* index into record_kinds */
} RecordObject;

static PyTypeObject Record_Type;

#define Record_Check(op) PyObject_TypeCheck(op, &Record_Type)

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
            PyErr_Format(SpamError, "unknown record kind '%s'", kind);
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
    PyObject_GC_UnTrack(self);
    Record_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
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
        PyErr_Format(SpamError, "tag must be str, not %.200s",
                     Py_TYPE(tag)->tp_name);
        return NULL;
    }
    if (PyList_GET_SIZE(self->tags) >= SPAM_MAX_TAGS) {
        PyErr_SetString(SpamError, "too many tags");
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
    PyObject *d, *tags;

    d = PyDict_New();
    if (d == NULL)
        return NULL;
    tags = PyList_GetSlice(self->tags, 0, PY_SSIZE_T_MAX);
    if (tags == NULL)
        goto fail;
    if (PyDict_SetItemString(d, "name", self->name ? self->name : Py_None) < 0
        || PyDict_SetItem(d, str_tags, tags) < 0
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

A named bag of tags with a JSON-compatible payload.");

static PyTypeObject Record_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spamlib.Record",
    .tp_basicsize = sizeof(RecordObject),
    .tp_itemsize = 0,
    .tp_dealloc = (destructor)Record_dealloc,
    .tp_repr = (reprfunc)Record_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = Record__doc__,
    .tp_traverse = (traverseproc)Record_traverse,
    .tp_clear = (inquiry)Record_clear,
    .tp_methods = Record_methods,
    .tp_members = Record_members,
    .tp_init = (initproc)Record_init,
    .tp_new = Record_new,
};

/* ---------------------------------------------------------------- module */

PyDoc_STRVAR(spamlib_parse__doc__,
"parse(text) -> Record\n\
\n\
Build a Record from a JSON object with 'name', 'tags' and 'payload'.");

static PyObject *
spamlib_parse(PyObject *module, PyObject *text)
{
    static PyObject *loads = NULL;
    PyObject *obj = NULL, *name, *tags, *payload, *rec = NULL;
    Py_ssize_t i;

    if (loads == NULL) {
        PyObject *json = PyImport_ImportModule("json");
        if (json == NULL)
            return NULL;
        loads = PyObject_GetAttrString(json, "loads");
        Py_DECREF(json);
        if (loads == NULL)
            return NULL;
    }

    obj = PyObject_CallFunctionObjArgs(loads, text, NULL);
    if (obj == NULL)
        return NULL;
    if (!PyDict_Check(obj)) {
        PyErr_SetString(SpamError, "JSON text must be an object");
        goto done;
    }
    name = PyDict_GetItemString(obj, "name");
    if (name == NULL || !PyUnicode_Check(name)) {
        PyErr_SetString(SpamError, "record needs a string 'name'");
        goto done;
    }
    payload = PyDict_GetItemString(obj, "payload");
    rec = PyObject_CallFunctionObjArgs((PyObject *)&Record_Type, name,
                                       payload ? payload : Py_None, NULL);
    if (rec == NULL)
        goto done;
    tags = PyDict_GetItemWithError(obj, str_tags);
    if (tags == NULL) {
        if (PyErr_Occurred())
            Py_CLEAR(rec);
        goto done;
    }
    if (!PyList_Check(tags)) {
        PyErr_SetString(SpamError, "'tags' must be a list");
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
#endif
        Py_DECREF(r);
    }

  done:
    Py_XDECREF(obj);
    return rec;
    }
    Py_RETURN_NONE;
}

static PyObject *
cbwrap_run(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    int n;

    Py_BEGIN_ALLOW_THREADS
    n = ev_run();
    Py_END_ALLOW_THREADS
    if (restore_exception() < 0)
        return NULL;
    return PyLong_FromLong(n);
}

static PyObject *
cbwrap_stats(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("{s:k,s:i,s:O}", "dispatched", dispatched,
                         "pending", ev_pending(),
                         "handler", handler != NULL ? handler : Py_None);
}

/* registered with atexit.register() in PyInit_cbwrap */
static PyObject *
cbwrap_atexit_cleanup(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    if (handler_slot >= 0)
    {
        unregister_callback(handler_slot);
        handler_slot = -1;
    }
    Py_CLEAR(handler);
    Py_RETURN_NONE;
}

/* Py_AtExit() hook: runs after the interpreter is gone, no Python here */
static void
cbwrap_c_atexit(void)
{
    ev_shutdown();
}

static PyMethodDef cbwrap_methods[] = {
    {"set_handler", cbwrap_set_handler, METH_O, "set_handler(fn or None)"},
    {"post", cbwrap_post, METH_VARARGS, "post(event: int)"},
    {"run", cbwrap_run, METH_NOARGS, "run() -> number of events delivered"},
    {"stats", cbwrap_stats, METH_NOARGS, NULL},
    {"_atexit_cleanup", cbwrap_atexit_cleanup, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
}

PyDoc_STRVAR(spamlib_is_record__doc__,
"is_record(obj) -> bool\n\
\n\
True for Records and instances of Record subclasses.");

static PyObject *
spamlib_is_record(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(Record_Check(obj));
}

static PyMethodDef spamlib_methods[] = {
    {"parse", spamlib_parse, METH_O, spamlib_parse__doc__},
    {"is_record", spamlib_is_record, METH_O, spamlib_is_record__doc__},
    {NULL, NULL, 0, NULL}
};

PyDoc_STRVAR(spamlib__doc__, "Records of spam (pyext-isolate demo module).");

static struct PyModuleDef spamlibmodule = {
    PyModuleDef_HEAD_INIT,
    "spamlib",
    spamlib__doc__,
    -1,
    spamlib_methods
};

PyMODINIT_FUNC
PyInit_spamlib(void)
{
    PyObject *m;

    if (PyType_FromSpec(&Record_Type) < 0)
        return NULL;

    m = PyModule_Create(&spamlibmodule);
    if (m == NULL)
        return NULL;

    SpamError = PyErr_NewException("spamlib.error", NULL, NULL);
    if (SpamError == NULL)
        goto error;
    Py_INCREF(SpamError);
    if (PyModule_AddObject(m, "error", SpamError) < 0) {
        Py_DECREF(SpamError);
        goto error;
    }

    str_tags = PyUnicode_InternFromString("tags");
    if (str_tags == NULL)
        goto error;

    Py_INCREF(&Record_Type);
    if (PyModule_AddObject(m, "Record", (PyObject *)&Record_Type) < 0) {
        Py_DECREF(&Record_Type);
        goto error;
#if defined(A) && \
    defined(B)
    }
    if (PyModule_AddStringConstant(m, "__version__", SPAMLIB_VERSION) < 0)
        goto error;
    return m;

  error:
    Py_CLEAR(SpamError);
    Py_DECREF(m);
    return NULL;
}
