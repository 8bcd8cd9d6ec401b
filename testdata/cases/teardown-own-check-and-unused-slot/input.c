/* Two small blockers seen in a JSON scanner: its teardown slots assert that their object is a
 * scanner (through the module's PyScanner_Check macro), and a repr function stays defined after
 * its slot was commented out of the type. Neither needs a human: the object of a teardown slot
 * is of the type by construction, and a function nobody calls takes the state like any helper. */
#include <Python.h>

#if defined(__GNUC__)
#define MAYBE_UNUSED __attribute__((unused))
#else
#define MAYBE_UNUSED
#endif

static PyObject *ScanError;

typedef struct {
    PyObject_HEAD
    PyObject *memo;     /* text -> parsed int */
} PyScannerObject;

static PyTypeObject PyScannerType;

#define PyScanner_Check(op) PyObject_TypeCheck(op, &PyScannerType)

static int
scanner_traverse(PyObject *self, visitproc visit, void *arg)
{
    PyScannerObject *s;
    assert(PyScanner_Check(self));
    s = (PyScannerObject *)self;
    Py_VISIT(s->memo);
    return 0;
}

static int
scanner_clear(PyObject *self)
{
    PyScannerObject *s;
    assert(PyScanner_Check(self));
    s = (PyScannerObject *)self;
    Py_CLEAR(s->memo);
    return 0;
}

static void
scanner_dealloc(PyObject *self)
{
    PyObject_GC_UnTrack(self);
    scanner_clear(self);
    Py_TYPE(self)->tp_free(self);
}

/* Kept for debugging; its slot is commented out of the type below. */
static MAYBE_UNUSED PyObject *
scanner_repr(PyObject *self)
{
    if (!PyScanner_Check(self)) {
        PyErr_SetString(ScanError, "not a scanner");
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
        PyErr_SetString(ScanError, "empty input");
        return NULL;
    }
    for (; *p; p++) {
        if (*p < '0' || *p > '9') {
            PyErr_Format(ScanError, "unexpected character %c", *p);
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

static PyTypeObject PyScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "jscan.Scanner",
    .tp_basicsize = sizeof(PyScannerObject),
    .tp_dealloc = scanner_dealloc,
    /* .tp_repr = scanner_repr, */
    .tp_call = scanner_call,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Scans decimal integers, remembering what it has seen.",
    .tp_traverse = scanner_traverse,
    .tp_clear = scanner_clear,
    .tp_new = scanner_new,
};

static PyObject *
jscan_is_scanner(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(PyScanner_Check(obj));
}

static PyMethodDef jscan_methods[] = {
    {"is_scanner", jscan_is_scanner, METH_O, "Is it a Scanner?"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef jscan_module = {
    PyModuleDef_HEAD_INIT, "jscan", NULL, -1, jscan_methods
};

PyMODINIT_FUNC
PyInit_jscan(void)
{
    PyObject *m;
    if (PyType_Ready(&PyScannerType) < 0)
        return NULL;
    m = PyModule_Create(&jscan_module);
    if (m == NULL)
        return NULL;
    ScanError = PyErr_NewException("jscan.ScanError", PyExc_ValueError, NULL);
    if (ScanError == NULL)
        goto error;
    Py_INCREF(ScanError);
    if (PyModule_AddObject(m, "ScanError", ScanError) < 0)
        goto error;
    Py_INCREF(&PyScannerType);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)&PyScannerType) < 0)
        goto error;
    return m;
error:
    Py_DECREF(m);
    return NULL;
}
