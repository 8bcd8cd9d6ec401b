 * most extensions were written before PEP 489/630: one static type, a module
 * level exception object, a couple of C globals and single-phase init.
 * Copyright (c) 2014-2021 The Spamlib Authors.  MIT licensed.
 */
#include <Python.h>

typedef struct {
    PyObject *payload;      /* anything JSON can hold */
    int kind;               /* index into record_kinds */
} RecordObject;
static int
Record_traverse(RecordObject *self, visitproc visit, void *arg)
{
}
static void
Record_dealloc(RecordObject *self)
{
}
"add_tag(tag)\n\
PyDoc_STRVAR(Record_to_dict__doc__,
"to_dict() -> dict\n\
        || PyDict_SetItemString(d, "payload", self->payload) < 0) {
}
static PyMethodDef Record_methods[] = {
};
static PyTypeObject Record_Type = {
};
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
    m = PyModule_Create(&spamlibmodule);
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
