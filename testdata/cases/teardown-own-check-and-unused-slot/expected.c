/* Two small blockers seen in a JSON scanner: its teardown slots assert that their object is a
 * scanner (through the module's PyScanner_Check macro), and a repr function stays defined after
 * its slot was commented out of the type. Neither needs a human: the object of a teardown slot
 * is of the type by construction, and a function nobody calls takes the state like any helper. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#if defined(__GNUC__)
#define MAYBE_UNUSED __attribute__((unused))
#else
#define MAYBE_UNUSED
#endif

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ScanError;         /* was: static PyObject *ScanError */
    PyTypeObject *PyScannerType; /* was: static PyTypeObject PyScannerType */
} jscan_state;

static struct PyModuleDef jscan_module;

static inline jscan_state *
get_jscan_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (jscan_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline jscan_state *
jscan_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &jscan_module);
    return module == NULL ? NULL : get_jscan_state(module);
}

static int
jscan_traverse(PyObject *module, visitproc visit, void *arg)
{
    jscan_state *st = get_jscan_state(module);
    Py_VISIT(st->ScanError);
    Py_VISIT(st->PyScannerType);
    return 0;
}

static int
jscan_clear(PyObject *module)
{
    jscan_state *st = get_jscan_state(module);
    Py_CLEAR(st->ScanError);
    Py_CLEAR(st->PyScannerType);
    return 0;
}

static void
jscan_free(void *module)
{
    (void)jscan_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
jscan_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *memo;     /* text -> parsed int */
} PyScannerObject;

/* The state of `self`, a PyScannerObject of this module's types or of a subclass: kept in the
 * object once looked up. */
static inline jscan_state *
jscan_get_state_of_PyScannerObject(PyScannerObject *self)
{
    if (self->module_state == NULL)
        self->module_state = jscan_get_state_by_type(Py_TYPE(self));
    return (jscan_state *)self->module_state;
}

#define PyScanner_Check(st, op) PyObject_TypeCheck(op, st->PyScannerType)

static int
scanner_traverse(PyObject *self, visitproc visit, void *arg)
{
    PyScannerObject *s;
    Py_VISIT(Py_TYPE(self));
    assert(PyObject_TypeCheck(self, Py_TYPE(self)));
    s = (PyScannerObject *)self;
    Py_VISIT(s->memo);
    return 0;
}

static int
scanner_clear(PyObject *self)
{
    PyScannerObject *s;
    assert(PyObject_TypeCheck(self, Py_TYPE(self)));
    s = (PyScannerObject *)self;
    Py_CLEAR(s->memo);
    return 0;
}

static void
scanner_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    scanner_clear(self);
    Py_TYPE(self)->tp_free(self);
    Py_DECREF(tp);
}

/* Kept for debugging; its slot is commented out of the type below. */
static MAYBE_UNUSED PyObject *
scanner_repr(jscan_state *st, PyObject *self)
{
    if (!PyScanner_Check(st, self)) {
        PyErr_SetString(st->ScanError, "not a scanner");
        return NULL;
    }
    return PyUnicode_FromFormat("<Scanner memo=%zd>", PyDict_Size(((PyScannerObject *)self)->memo));
}

static PyObject *
scanner_call(PyObject *self, PyObject *args, PyObject *kwds)
{
    PyScannerObject *s = (PyScannerObject *)self;
    PyObject *text, *value;
    const char *p;
    long n = 0;
    if (!PyArg_ParseTuple(args, "U:scan", &text))
        return NULL;
    value = PyDict_GetItemWithError(s->memo, text);
    if (value != NULL) {
        Py_INCREF(value);
        return value;
    }
    if (PyErr_Occurred())
        return NULL;
    p = PyUnicode_AsUTF8(text);
    if (p == NULL)
        return NULL;
    if (*p == '\0') {
        jscan_state *st = jscan_get_state_of_PyScannerObject((PyScannerObject *)self);
        if (st == NULL)
            return NULL;
        PyErr_SetString(st->ScanError, "empty input");
        return NULL;
    }
    for (; *p; p++) {
        if (*p < '0' || *p > '9') {
            jscan_state *st = jscan_get_state_of_PyScannerObject((PyScannerObject *)self);
            if (st == NULL)
                return NULL;
            PyErr_Format(st->ScanError, "unexpected character %c", *p);
            return NULL;
        }
        n = n * 10 + (*p - '0');
    }
    value = PyLong_FromLong(n);
    if (value == NULL || PyDict_SetItem(s->memo, text, value) < 0) {
        Py_XDECREF(value);
        return NULL;
    }
    return value;
}

static PyObject *
scanner_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyScannerObject *s = (PyScannerObject *)type->tp_alloc(type, 0);
    if (s == NULL)
        return NULL;
    s->memo = PyDict_New();
    if (s->memo == NULL) {
        Py_DECREF(s);
        return NULL;
    }
    return (PyObject *)s;
}

static PyType_Slot PyScanner_slots[] = {
    {Py_tp_dealloc, (void *)scanner_dealloc},
    {Py_tp_call, (void *)scanner_call},
    {Py_tp_doc, (void *)"Scans decimal integers, remembering what it has seen."},
    {Py_tp_traverse, (void *)scanner_traverse},
    {Py_tp_clear, (void *)scanner_clear},
    {Py_tp_new, (void *)scanner_new},
    {0, NULL},
};

static PyType_Spec PyScanner_spec = {
    .name = "jscan.Scanner",
    .basicsize = sizeof(PyScannerObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = PyScanner_slots,
};

static PyObject *
jscan_is_scanner(PyObject *module, PyObject *obj)
{
    jscan_state *st = get_jscan_state(module);
    return PyBool_FromLong(PyScanner_Check(st, obj));
}

static PyMethodDef jscan_methods[] = {
    {"is_scanner", jscan_is_scanner, METH_O, "Is it a Scanner?"},
    {NULL, NULL, 0, NULL},
};

static int jscan_exec(PyObject *m);

static PyModuleDef_Slot jscan_slots[] = {
    {Py_mod_exec, (void *)jscan_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef jscan_module = {
    PyModuleDef_HEAD_INIT, "jscan", NULL, sizeof(jscan_state), jscan_methods,
    jscan_slots,
    jscan_traverse,
    jscan_clear,
    jscan_free
};

static int
jscan_exec(PyObject *m)
{
    jscan_state *st = get_jscan_state(m);
    if (jscan_create_type(m, &PyScanner_spec, NULL, &st->PyScannerType, 0) < 0)
        return -1;
    st->ScanError = PyErr_NewException("jscan.ScanError", PyExc_ValueError, NULL);
    if (st->ScanError == NULL)
        goto error;
    Py_INCREF(st->ScanError);
    if (PyModule_AddObject(m, "ScanError", st->ScanError) < 0)
        goto error;
    Py_INCREF(st->PyScannerType);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)st->PyScannerType) < 0)
        goto error;
    return 0;
error:
    return -1;
}

PyMODINIT_FUNC
PyInit_jscan(void)
{
    return PyModuleDef_Init(&jscan_module);
}
